// Things to undo when the run ends, however it ends (databases to drop, children to kill, servers to
// close). Run in reverse order of registration; each step's failure is reported, not fatal.
type Task = { label: string; fn: () => Promise<void> | void };
const tasks: Task[] = [];
let running: Promise<void> | undefined;

export function onCleanup(label: string, fn: () => Promise<void> | void): () => Promise<void> {
  const task: Task = { label, fn };
  tasks.push(task);
  // Runs the step now and forgets it (for resources released before the end of the run).
  return async () => {
    const i = tasks.indexOf(task);
    if (i >= 0) tasks.splice(i, 1);
    await task.fn();
  };
}

export function runCleanup(): Promise<void> {
  running ??= (async () => {
    while (tasks.length) {
      const task = tasks.pop()!;
      try {
        await task.fn();
      } catch (e) {
        console.error(`cleanup "${task.label}" failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  })();
  return running;
}
