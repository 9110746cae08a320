// Drives Espressif's esptool-js (the npm package, v0.7.0) against a board on a raw TCP serial
// bridge, as a real esptool-family client for our emulated board. esptool-js speaks Web Serial,
// so a minimal SerialPort look-alike carries its bytes over a TCP socket (no modem lines, like
// ser2net): it runs with "no_reset".
// Usage: node esptool-js-peer.mjs ESPTOOL_JS_DIR PORT [--no-stub] [--baud N] OP...
//   OP: write:OFFSET:FILE[:MODE:SIZE:FREQ[:COMPRESS]]  (MODE/SIZE/FREQ as esptool: keep, detect, dio, 4MB, 40m...;
//                                                     COMPRESS 1 (default, as esptool) or 0; MD5 checked with the stub)
//       read:OFFSET:SIZE:OUTFILE  md5:OFFSET:SIZE  erase-region:OFFSET:SIZE  erase-all  flash-id  copy:FROM:TO
// Prints RESULT lines; exit 0 when every op succeeded.
import net from "node:net";
import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import { pathToFileURL } from "node:url";

const args = process.argv.slice(2);
const dir = args.shift();
const port = args.shift();
let stub = true;
let baud = 115200;
while (args.length && args[0].startsWith("--")) {
  const o = args.shift();
  if (o === "--no-stub") stub = false;
  else if (o === "--baud") baud = Number(args.shift());
}
const { ESPLoader, Transport } = await import(pathToFileURL(path.join(dir, "node_modules/esptool-js/lib/index.js")).href);

const sock = net.connect(Number(port), "127.0.0.1");
await new Promise((ok, fail) => { sock.once("connect", ok); sock.once("error", fail); });
sock.setNoDelay(true);
// esptool-js closes and reopens the port (first chip detection, baud changes), so open() makes
// fresh streams over the same socket; bytes arriving while "closed" are dropped, as a closed port would.
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
  async setBaudRate() {},
  getInfo() { return {}; },
};
const say = (s) => process.stdout.write(s);
const terminal = { clean() {}, writeLine(s) { say(s + "\n"); }, write(s) { say(s); } };
const loader = new ESPLoader({ transport: new Transport(device, process.env.ESPTOOL_JS_TRACE === "1"), baudrate: baud, romBaudrate: 115200, terminal });
const num = (s) => Number(s);
const md5hex = (b) => crypto.createHash("md5").update(b).digest("hex");

try {
  if (stub) {
    // main(): chip description, features, crystal, MAC, the stub upload, CHANGE_BAUDRATE, flash id
    console.log("RESULT chip " + (await loader.main("no_reset")));
  } else {
    await loader.detectChip("no_reset");
    console.log("RESULT chip " + (await loader.chip.getChipDescription(loader)));
  }
  console.log("RESULT stub " + loader.IS_STUB);
  console.log("RESULT mac " + (await loader.chip.readMac(loader)));
  for (const op of args) {
    const p = op.split(":");
    if (p[0] === "write") {
      const data = new Uint8Array(fs.readFileSync(p[2]));
      await loader.writeFlash({
        fileArray: [{ data, address: num(p[1]) }],
        flashMode: p[3] || "keep", flashSize: p[4] || "keep", flashFreq: p[5] || "keep",
        eraseAll: false, compress: stub && (p[6] || "1") === "1",
        calculateMD5Hash: stub ? (image) => md5hex(image) : undefined,
      });
      console.log("RESULT wrote " + data.length);
    } else if (p[0] === "read") {
      const data = await loader.readFlash(num(p[1]), num(p[2]));
      fs.writeFileSync(p[3], data);
      console.log("RESULT read " + data.length + " md5 " + md5hex(data));
    } else if (p[0] === "md5") {
      console.log("RESULT md5 " + (await loader.flashMd5sum(num(p[1]), num(p[2]))));
    } else if (p[0] === "erase-region") {
      await loader.checkCommand("erase region", loader.ESP_ERASE_REGION,
        new Uint8Array([...loader._intToByteArray(num(p[1])), ...loader._intToByteArray(num(p[2]))]), undefined, undefined, 30000);
      console.log("RESULT erased " + p[1] + " " + p[2]);
    } else if (p[0] === "erase-all") {
      await loader.eraseFlash();
      console.log("RESULT erased all");
    } else if (p[0] === "copy") {
      // A snapshot of the board's flash file (the emulator maps it, so it shows every write at once).
      fs.copyFileSync(p[1], p[2]);
      console.log("RESULT copied " + p[2]);
    } else if (p[0] === "flash-id") {
      console.log("RESULT flashid " + (await loader.readFlashId()).toString(16));
    } else {
      throw new Error("unknown op " + op);
    }
  }
  sock.destroy();
  process.exit(0);
} catch (e) {
  console.log("RESULT error " + (e && e.message ? e.message : e));
  sock.destroy();
  process.exit(1);
}
