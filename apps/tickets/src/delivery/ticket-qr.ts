import { crc32, deflateSync } from 'node:zlib';
import { create } from 'qrcode';

const MARGIN = 2;
const SCALE = 6;
const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(data, crc32(head.subarray(4))) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/**
 * The passport as a QR code PNG (what staff scan at the door): black modules on white, a 2-module
 * quiet zone, 6 px per module. Encoded here as a 1-bit greyscale PNG: the qrcode package's own PNG
 * writer (RGBA through pngjs) cost ~4 ms of CPU per ticket email, this one a fraction of that.
 */
export function passportQr(passport: string): Buffer {
  const { size, data } = create(passport, { errorCorrectionLevel: 'M' }).modules;
  const width = (size + 2 * MARGIN) * SCALE;
  const stride = 1 + Math.ceil(width / 8); // filter byte, then 8 pixels per byte (1 = white)
  const row = Buffer.alloc(stride);
  const raw = Buffer.alloc(stride * width);
  for (let y = 0; y < size + 2 * MARGIN; y += 1) {
    row.fill(0xff, 1);
    row[0] = 0;
    const my = y - MARGIN;
    if (my >= 0 && my < size) {
      for (let mx = 0; mx < size; mx += 1) {
        if (!data[my * size + mx]) continue;
        for (let px = (mx + MARGIN) * SCALE; px < (mx + MARGIN + 1) * SCALE; px += 1)
          row[1 + (px >> 3)]! &= ~(0x80 >> (px & 7));
      }
    }
    for (let i = 0; i < SCALE; i += 1) row.copy(raw, (y * SCALE + i) * stride);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(width, 4);
  header[8] = 1; // bit depth
  header[9] = 0; // greyscale
  return Buffer.concat([
    SIGNATURE,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
