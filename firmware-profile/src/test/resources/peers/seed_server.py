# The seed article's sslserver.py (shared/seeds/python-tls-wireshark.txt), made testable. The one
# copy every module's tests run, through dev.ussllab.testsupport.peers.SeedServer.
#   seed_server.py PORT CERT KEY [--ciphers STRING] [--verify CAFILE] [--once]
# PORT 0 = any free port; prints "PORT <n>" once listening. --ciphers adds the one change the kRSA
# clients need on Python 3.10+ (set_ciphers('DEFAULT:kRSA'), as the article's Wireshark RSA-key
# walkthrough needs); without it this is the seed's default context, which refuses every
# RSA-key-exchange client. --verify asks every client for a certificate signed by CAFILE
# (CERT_REQUIRED). --once serves one connection and exits (the seed's handle_request).
import socketserver
import ssl
import sys


def main():
    port, certfile, keyfile = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    ciphers = sys.argv[sys.argv.index("--ciphers") + 1] if "--ciphers" in sys.argv else None

    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(certfile=certfile, keyfile=keyfile)
    if ciphers:
        context.set_ciphers(ciphers)
    if "--verify" in sys.argv:
        context.verify_mode = ssl.CERT_REQUIRED
        context.load_verify_locations(cafile=sys.argv[sys.argv.index("--verify") + 1])

    class Handler(socketserver.BaseRequestHandler):
        def handle(self):
            self.request.settimeout(10)
            srequest = context.wrap_socket(self.request, server_side=True)
            data = srequest.recv(1024).strip()
            print("{} wrote: {!r} over {} {}".format(
                self.client_address[0], data, srequest.version(), srequest.cipher()[0]), flush=True)
            srequest.sendall(data.upper())

    with socketserver.TCPServer(("127.0.0.1", port), Handler) as server:
        print("PORT {}".format(server.server_address[1]), flush=True)
        if "--once" in sys.argv:
            server.handle_request()
        else:
            server.serve_forever()


if __name__ == "__main__":
    main()
