import { toBuffer } from 'qrcode';

/** The passport as a QR code PNG (what staff scan at the door). */
export function passportQr(passport: string): Promise<Buffer> {
  return toBuffer(passport, { type: 'png', errorCorrectionLevel: 'M', margin: 2, scale: 6 });
}
