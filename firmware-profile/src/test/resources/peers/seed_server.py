# The seed article's sslserver.py, made testable: port, certificate and key come from the
# command line, and --ciphers adds the one change the kRSA clients need on Python 3.10+
# (set_ciphers('DEFAULT:kRSA')); without it this is the seed's default context, which refuses
# every RSA-key-exchange client. Prints "PORT <n>" once listening (port 0 = any free port).
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
        server.serve_forever()


if __name__ == "__main__":
    main()
