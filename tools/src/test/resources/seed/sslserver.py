# The seed article's sslserver.py (shared/seeds/python-tls-wireshark.txt), changed only so a test
# can run it: port, certificate and key from argv, one request served, and kRSA allowed as the
# article's Wireshark RSA-key walkthrough needs (OpenSSL 3 leaves kRSA out of DEFAULT).
import socketserver, ssl, sys

PORT, CERT, KEY = int(sys.argv[1]), sys.argv[2], sys.argv[3]

context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
context.load_cert_chain(certfile=CERT, keyfile=KEY)
context.set_ciphers('DEFAULT:kRSA')

class MyTCPHandler(socketserver.BaseRequestHandler):
    def handle(self):
        srequest = context.wrap_socket(self.request, server_side=True)
        self.data = srequest.recv(1024).strip()
        print("{} wrote:".format(self.client_address[0]))
        print(self.data)
        srequest.sendall(self.data.upper())

if __name__ == "__main__":
    with socketserver.TCPServer(("127.0.0.1", PORT), MyTCPHandler) as server:
        print("listening", flush=True)
        server.handle_request()
