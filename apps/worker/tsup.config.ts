import { defineConfig } from 'tsup';
import { appBundle } from '../../tsup.base.ts';

export default defineConfig(appBundle(['@libsql/client', 'libsql', '@node-rs/argon2', 'pino', 'pdfjs-dist']));
