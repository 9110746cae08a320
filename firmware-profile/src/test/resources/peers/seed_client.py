# The seed article's sslclient.py, made testable: host, port and the CA file come from the
# command line; everything else (TLS 1.2 only, no hostname check, set_ciphers('kRSA'), the
# message, recv(1024), the two printed lines) is the seed's.
import socket
import ssl
import sys
import warnings

warnings.simplefilter("ignore", DeprecationWarning)  # OP_NO_TLSv1_3, as the seed uses it

HOST, PORT, CAFILE = sys.argv[1], int(sys.argv[2]), sys.argv[3]

data = "Hello Python TLS/SSL Server!"

context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
context.options |= ssl.OP_NO_TLSv1_3
context.check_hostname = False
context.load_verify_locations(CAFILE)
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
