import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createBackgroundTasks } from './background.ts';

describe('background tasks', () => {
  it('drains everything started, including tasks started while draining, and logs failures', async () => {
    const lines: string[] = [];
    const tasks = createBackgroundTasks(pino({ level: 'error' }, { write: (l: string) => void lines.push(l) }));
    const done: string[] = [];
    tasks.run('first', async () => {
      await new Promise((r) => setTimeout(r, 20));
      done.push('first');
      tasks.run('chained', async () => void done.push('chained'));
    });
    tasks.run('broken', () => Promise.reject(new Error('disk full')));
    await tasks.drain();
    expect(done).toEqual(['first', 'chained']);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ task: 'broken', msg: 'background task failed', err: { message: 'disk full' } });
  });
});
