# The seed article's sslclient.py (shared/seeds/python-tls-wireshark.txt) with the port and the
# certificate path from argv; TLS 1.3 off and kRSA only, exactly as in the article.
import socket, ssl, sys

HOST, PORT, CERT = "127.0.0.1", int(sys.argv[1]), sys.argv[2]

data = "Hello Python TLS/SSL Server!"

context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
context.options |= ssl.OP_NO_TLSv1_3
context.check_hostname = False
context.load_verify_locations(CERT)
context.set_ciphers('kRSA')

sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
sock.settimeout(10)
ssock = context.wrap_socket(sock)
ssock.connect((HOST, PORT))
ssock.sendall(bytes(data + "\n", "utf-8"))
received = str(ssock.recv(1024), "utf-8")
ssock.close()

print("Sent:     " + data)
print("Received: " + received)
