// Per-organization branding. The one MantineProvider lives here and takes its theme from state, so an
// organization layout can swap the primary palette in (and back out when the user leaves it).
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { MantineProvider } from '@mantine/core';
import type { Theme } from '../lib/org';
import { themeFor } from './theme';

const SetBrand = createContext<(theme: Theme | null) => void>(() => {});

export function BrandedMantineProvider({ children }: { children: ReactNode }) {
  const [brand, setBrand] = useState<Theme | null>(null);
  const theme = useMemo(() => themeFor(brand), [brand?.primaryColor, brand?.accentColor]);
  return (
    <SetBrand.Provider value={setBrand}>
      <MantineProvider theme={theme} defaultColorScheme="light">
        {children}
      </MantineProvider>
    </SetBrand.Provider>
  );
}

/** Applies `theme` while the calling component is mounted. */
export function useBranding(theme: Theme | null | undefined) {
  const setBrand = useContext(SetBrand);
  const primary = theme?.primaryColor;
  const accent = theme?.accentColor;
  useEffect(() => {
    setBrand(primary || accent ? { primaryColor: primary, accentColor: accent } : null);
    return () => setBrand(null);
  }, [setBrand, primary, accent]);
}
