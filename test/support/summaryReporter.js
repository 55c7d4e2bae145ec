// Prints the run's result as one plain line ("jest: N passed, N failed, N skipped"),
// the form CI tooling reads regardless of the test runner.
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const line = `jest: ${results.numPassedTests} passed, ${results.numFailedTests} failed` +
      (results.numPendingTests ? `, ${results.numPendingTests} skipped` : '');
    process.stdout.write(`${line}\n`);
  }
}
module.exports = SummaryReporter;
