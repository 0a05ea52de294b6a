import { configure } from '@testing-library/react';

// Screens load lazily and talk to a real API: on a loaded machine the first paint can take more
// than Testing Library's default second. Waiting longer costs nothing when things are fast.
configure({ asyncUtilTimeout: 10_000 });
