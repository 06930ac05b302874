// Prints the test counts of the JSON reports written by scripts/test-all.sh
// and a closing "N passed, N failed" line; exits 1 when anything failed.
import fs from "node:fs";
import path from "node:path";

const [dir, failedStepCount, ...failedSteps] = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;

for (const file of fs.readdirSync(dir).filter((name) => name.endsWith(".json")).sort()) {
  const report = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8"));
  let counts;
  if ("numPassedTests" in report) {
    counts = { passed: report.numPassedTests, failed: report.numFailedTests, skipped: report.numPendingTests + report.numTodoTests };
  } else {
    const stats = report.stats;
    counts = { passed: stats.expected + stats.flaky, failed: stats.unexpected, skipped: stats.skipped };
  }
  console.log(`${file.replace(/\.json$/, "")}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
  passed += counts.passed;
  failed += counts.failed;
  skipped += counts.skipped;
}

if (Number(failedStepCount) > 0) console.log(`failed steps: ${failedSteps.join(", ")}`);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || Number(failedStepCount) > 0 ? 1 : 0);
