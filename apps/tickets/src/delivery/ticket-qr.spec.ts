import { randomUUID } from 'node:crypto';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { passportQr } from './ticket-qr';

describe('the passport QR code', () => {
  it('is a PNG that a scanner reads back as the passport', () => {
    for (let i = 0; i < 20; i += 1) {
      const passport = randomUUID();
      const png = PNG.sync.read(passportQr(passport));
      expect(png.width).toBe(png.height);
      expect(png.width).toBeGreaterThanOrEqual(150);
      expect(jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data).toBe(passport);
    }
  });

  it('has a white quiet zone around black modules', () => {
    const png = PNG.sync.read(passportQr(randomUUID()));
    const pixel = (x: number, y: number) => png.data[(y * png.width + x) * 4]!;
    // Corner: white margin (2 modules of 6 px), then the finder pattern's black border.
    expect(pixel(0, 0)).toBe(255);
    expect(pixel(11, 11)).toBe(255);
    expect(pixel(12, 12)).toBe(0);
    expect(pixel(png.width - 1, png.height - 1)).toBe(255);
  });
});
