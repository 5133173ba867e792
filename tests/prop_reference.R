# Reference values typed into tests/test_proportions.py.
# R 4.2.2 Patched (2022-11-10 r83330); run with `Rscript tests/prop_reference.R`.
options(digits = 15)
cases <- list(c(119, 178), c(50, 119), c(41, 69), c(91, 119), c(0, 20), c(20, 20),
              c(81, 263), c(15, 148), c(1, 29))
for (cs in cases) {
  k <- cs[1]; n <- cs[2]
  w  <- prop.test(k, n, correct = FALSE)$conf.int
  wc <- prop.test(k, n, correct = TRUE)$conf.int
  cp <- binom.test(k, n)$conf.int
  wg <- prop.test(k, n, correct = FALSE, alternative = "greater")$conf.int
  cpg <- binom.test(k, n, alternative = "greater")$conf.int
  cat(sprintf("(%d, %d, %.15f, %.15f, %.15f, %.15f, %.15f, %.15f, %.15f, %.15f),\n",
              k, n, w[1], w[2], wc[1], wc[2], cp[1], cp[2], wg[1], cpg[1]))
}
