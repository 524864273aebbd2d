/** When the CLI relaunches itself with glibc's malloc tuned (cli/relaunch.ts), and when it must not. */
import { MALLOC_TUNABLE, tunedMallocEnv } from '../../cli/relaunch';

describe('tunedMallocEnv', () => {
  it('adds the malloc threshold on Linux and keeps the rest of the environment', () => {
    const env = tunedMallocEnv({ PATH: '/usr/bin', HOME: '/home/a' }, 'linux');
    expect(env).toEqual({ PATH: '/usr/bin', HOME: '/home/a', GLIBC_TUNABLES: MALLOC_TUNABLE });
  });

  it('appends to tunables the user already set', () => {
    const env = tunedMallocEnv({ GLIBC_TUNABLES: 'glibc.malloc.arena_max=2' }, 'linux');
    expect(env?.GLIBC_TUNABLES).toBe(`glibc.malloc.arena_max=2:${MALLOC_TUNABLE}`);
  });

  it('does not relaunch where it would loop, is not wanted, or means nothing', () => {
    // the relaunched process (or a user's own threshold)
    expect(tunedMallocEnv({ GLIBC_TUNABLES: 'glibc.malloc.mmap_threshold=65536' }, 'linux')).toBeUndefined();
    expect(tunedMallocEnv({ GLIBC_TUNABLES: MALLOC_TUNABLE }, 'linux')).toBeUndefined();
    expect(tunedMallocEnv({ DEEPCOLOR_NO_RELAUNCH: '1' }, 'linux')).toBeUndefined();
    expect(tunedMallocEnv({}, 'darwin')).toBeUndefined();
    expect(tunedMallocEnv({}, 'win32')).toBeUndefined();
  });
});
