import { Badge, Tooltip } from '@mantine/core';
import { deliveryOf, type OutboxMessage } from './api';

const look = {
  sent: { color: 'green', label: 'sent', help: 'Handed to the SMTP server' },
  failing: { color: 'red', label: 'failing', help: 'The SMTP server refused or could not be reached; retried with growing delays' },
  unsent: { color: 'gray', label: 'not sent', help: 'Waiting for the mailer; without SMTP (development) messages stay here' },
} as const;

export function DeliveryBadge({ message }: { message: OutboxMessage }) {
  const l = look[deliveryOf(message)];
  return (
    <Tooltip label={l.help} withArrow>
      <Badge color={l.color} variant="light" size="sm">{l.label}</Badge>
    </Tooltip>
  );
}
