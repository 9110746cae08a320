import socket, ssl, sys

# ussl-lab test copy: HOST and PORT come from argv; the rest is the seed unchanged
# (shared/seeds/python-tls-wireshark.txt). Run it in the folder that holds cert.pem.
HOST, PORT = sys.argv[1], int(sys.argv[2])

data = "Hello Python TLS/SSL Server!"

# SSLコンテクストの準備
context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
context.options |= ssl.OP_NO_TLSv1_3        # TLS1.3を禁止する
context.check_hostname = False              # ホスト名のチェックをしない
context.load_verify_locations('cert.pem')    # 証明書を指定
context.set_ciphers('kRSA')                 # 暗号スイートの指定

# ソケットを作成しSSLソケットにラップ
sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
ssock = context.wrap_socket(sock)

# サーバへ接続してデータを送る
ssock.connect((HOST,PORT))
ssock.sendall(bytes(data + "\n", "utf-8"))

# サーバからのデータを受信して終了
received = str(ssock.recv(1024), "utf-8")
ssock.close()

print("Sent:     " + data)
print("Received: " + received)
