/** The Action's entry point (bundled into dist/action/index.js). */
import { run } from './main.js';

void run();
