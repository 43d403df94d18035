// The console's Mantine theme. An organization's brand color replaces the primary palette while the
// user is inside /o/:slug (see branding.tsx); everywhere else the default indigo stays.
import { createTheme, type MantineThemeOverride } from '@mantine/core';
import { paletteFrom } from './palette';

const base = createTheme({
  primaryColor: 'indigo',
  fontFamily: "'Inter Variable', system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
  headings: { fontFamily: "'Inter Variable', system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif" },
  defaultRadius: 'md',
  cursorType: 'pointer',
});

export function themeFor(brand: { primaryColor?: string; accentColor?: string } | null): MantineThemeOverride {
  const primary = brand?.primaryColor ? paletteFrom(brand.primaryColor) : null;
  const accent = brand?.accentColor ? paletteFrom(brand.accentColor) : null;
  return {
    ...base,
    ...(primary ? { primaryColor: 'brand' } : {}),
    colors: { ...(primary ? { brand: primary } : {}), ...(accent ? { accent } : {}) },
    other: { accent: accent ? 'accent' : null },
  };
}
