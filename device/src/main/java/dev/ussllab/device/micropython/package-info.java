/**
 * The emulated ESP8266's MicroPython as seen on its serial line: the friendly REPL, raw REPL,
 * raw-paste and paste mode, soft reboot with boot.py/main.py ({@link
 * dev.ussllab.device.micropython.MicroPythonFirmware}, {@code ReplLoop}), running programs on
 * MicroPython's own VM ({@code VmEngine} over {@link dev.ussllab.device.upy.MicroPythonVm}); the
 * board's TLS client for ussl ({@link dev.ussllab.device.micropython.EspTls}). See
 * device/DESIGN-micropython.md.
 */
package dev.ussllab.device.micropython;
