// A 10-shade Mantine palette from one brand hex: the given color sits at shade 6 (Mantine's default
// filled shade), lighter shades mix toward white, darker ones toward black. Mantine's colorsTuple()
// only repeats a single color ten times, which breaks hover and light variants.
import type { MantineColorsTuple } from '@mantine/core';

const HEX = /^#([0-9a-f]{6})$/i;

function mix(rgb: number[], target: number, amount: number): string {
  const channel = (c: number) => Math.round(c + (target - c) * amount).toString(16).padStart(2, '0');
  return `#${rgb.map(channel).join('')}`;
}

export function paletteFrom(hex: string): MantineColorsTuple | null {
  const m = HEX.exec(hex);
  if (!m) return null;
  const n = parseInt(m[1]!, 16);
  const rgb = [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  const toWhite = [0.92, 0.82, 0.68, 0.52, 0.36, 0.18];
  const toBlack = [0.14, 0.28, 0.42];
  return [...toWhite.map((a) => mix(rgb, 255, a)), hex.toLowerCase(), ...toBlack.map((a) => mix(rgb, 0, a))] as unknown as MantineColorsTuple;
}
