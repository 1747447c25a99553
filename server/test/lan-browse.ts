/**
 * Test fixture: browses the LAN for Hearth forums and prints the whole list as one JSON
 * line after every change, until killed. The namespace test runs it in its own network
 * namespace (`ip netns exec … node --import tsx server/test/lan-browse.ts`).
 */
import { browseForums } from '../lan/discovery';

const browser = browseForums({
  requeryMs: 1000,
  onChange: (forums) => process.stdout.write(`${JSON.stringify(forums)}\n`),
  onError: (err) => process.stderr.write(`browse error: ${String(err)}\n`),
});
process.stdout.write('browsing\n');
const stop = () => void browser.stop().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
