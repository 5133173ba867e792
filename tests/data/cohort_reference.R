# Reference Wilson intervals for tests/test_cohort.py (R_WILSON).
# Counts: the published figures of the 2025 OPTAM exit survey (shared/seeds/000_*.txt):
# motive tallies of 50 leavers, and 129 open answers among 178 sector-2 respondents.
# Run: Rscript tests/data/cohort_reference.R   (R 4.2.2 Patched (2022-11-10 r83330))
for (k in c(43, 39, 38, 25, 23, 17, 13)) {
  ci <- prop.test(k, 50, correct = FALSE)$conf.int
  cat(sprintf("(%d, 50): (%.15f, %.15f),\n", k, ci[1], ci[2]))
}
for (kn in list(c(119, 178), c(50, 119), c(41, 69), c(129, 178))) {
  ci <- prop.test(kn[1], kn[2], correct = FALSE)$conf.int
  cat(sprintf("(%d, %d): (%.15f, %.15f),\n", kn[1], kn[2], ci[1], ci[2]))
}
cat(R.version.string, "\n")
