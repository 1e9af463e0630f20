// One whole-file quantisation by oellm (quantizeModel, as `oellm quantize` runs it) in its own
// process, so its peak RSS is its own. Prints {"milliseconds":…,"peakRssBytes":…}.
import { quantizeModel } from '../../dist/index.js';

const [input, output, fileType, threads] = process.argv.slice(2);
const start = performance.now();
await quantizeModel({ input, output, fileType, threads: Number(threads), manifest: false, measureErrors: false });
const milliseconds = performance.now() - start;
console.log(JSON.stringify({ milliseconds, peakRssBytes: process.resourceUsage().maxRSS * 1024 }));
