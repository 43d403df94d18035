import { Button, Tooltip } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { exportUrl, type AuditFilters } from './api';

/**
 * Downloads the whole filtered log (not just the page on screen). Plain links: the browser streams the
 * file with the session cookie (same origin), and the server names it audit-<slug>.csv/.ndjson.
 */
export function ExportButtons({ slug, filters }: { slug: string; filters: AuditFilters }) {
  return (
    <>
      <Tooltip label="Every entry matching the filters, as a spreadsheet-safe CSV">
        <Button component="a" href={exportUrl(slug, filters, 'csv')} download variant="default" leftSection={<IconDownload size={16} />}>
          Export CSV
        </Button>
      </Tooltip>
      <Tooltip label="Every entry matching the filters, one JSON object per line">
        <Button component="a" href={exportUrl(slug, filters, 'ndjson')} download variant="default" leftSection={<IconDownload size={16} />}>
          Export NDJSON
        </Button>
      </Tooltip>
    </>
  );
}
