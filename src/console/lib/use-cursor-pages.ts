// Cursor paging state: the cursors of the pages visited so far, so "previous" works without page
// numbers. Changing the filters (`resetKey`) starts again from the first page.
import { useState } from 'react';

export type CursorPages = { cursor: string | undefined; index: number; next: (cursor: string) => void; previous: () => void };

export function useCursorPages(resetKey: string): CursorPages {
  const [state, setState] = useState<{ key: string; stack: (string | undefined)[] }>({ key: resetKey, stack: [undefined] });
  const stack = state.key === resetKey ? state.stack : [undefined];
  return {
    cursor: stack[stack.length - 1],
    index: stack.length - 1,
    next: (cursor) => setState({ key: resetKey, stack: [...stack, cursor] }),
    previous: () => setState({ key: resetKey, stack: stack.length > 1 ? stack.slice(0, -1) : stack }),
  };
}
