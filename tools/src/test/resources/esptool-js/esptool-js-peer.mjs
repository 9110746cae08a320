// Drives Espressif's esptool-js (the npm package, v0.7.0) against a board on a raw TCP serial
// bridge, as a second real ROM-loader client for our emulated board. esptool-js speaks Web Serial,
// so a minimal SerialPort look-alike carries its bytes over a TCP socket (no modem lines, like
// ser2net): it is used with "no_reset" and without its RAM stub (the emulator cannot run Xtensa code).
// Usage: node esptool-js-peer.mjs ESPTOOL_JS_DIR PORT IMAGE OFFSET
import net from "node:net";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [dir, port, imagePath, offset] = process.argv.slice(2);
const { ESPLoader, Transport } = await import(pathToFileURL(path.join(dir, "node_modules/esptool-js/lib/index.js")).href);

const sock = net.connect(Number(port), "127.0.0.1");
await new Promise((ok, fail) => { sock.once("connect", ok); sock.once("error", fail); });
sock.setNoDelay(true);
// esptool-js closes and reopens the port when its first chip detection fails (our ROM, like the
// ESP8266's, answers GET_SECURITY_INFO with "invalid message"), so open() makes fresh streams over
// the same socket; bytes arriving while "closed" are dropped, as a closed port would.
let sink = null;
sock.on("data", (d) => { if (sink) sink.enqueue(new Uint8Array(d)); });
const device = {
  readable: null,
  writable: null,
  async open() {
    this.readable = new ReadableStream({
      start(c) { sink = c; },
      cancel() { sink = null; },
    });
    this.writable = new WritableStream({
      write(chunk) { return new Promise((ok) => sock.write(Buffer.from(chunk), ok)); },
    });
  },
  async close() { sink = null; this.readable = null; this.writable = null; },
  async setSignals() {},
  getInfo() { return {}; },
};
const say = (s) => process.stdout.write(s);
const terminal = { clean() {}, writeLine(s) { say(s + "\n"); }, write(s) { say(s); } };
const loader = new ESPLoader({ transport: new Transport(device, false), baudrate: 115200, romBaudrate: 115200, terminal });

try {
  await loader.detectChip("no_reset");
  console.log("RESULT chip " + (await loader.chip.getChipDescription(loader)));
  console.log("RESULT mac " + (await loader.chip.readMac(loader)));
  console.log("RESULT flashid " + (await loader.readFlashId()).toString(16));
  const data = new Uint8Array(fs.readFileSync(imagePath));
  await loader.writeFlash({
    fileArray: [{ data, address: Number(offset) }],
    flashSize: "keep", flashMode: "keep", flashFreq: "keep", eraseAll: false, compress: false,
  });
  console.log("RESULT wrote " + data.length);
  sock.destroy();
  process.exit(0);
} catch (e) {
  console.log("RESULT error " + (e && e.message ? e.message : e));
  sock.destroy();
  process.exit(1);
}
