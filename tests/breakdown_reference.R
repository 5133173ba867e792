# Reference values for tests/test_breakdown.py, from base R (stats).
# R 4.2.2 Patched (2022-11-10 r83330). Run: Rscript tests/breakdown_reference.R
options(digits = 15)
tables <- list(
  specialty = list(k = c(7, 4, 8, 8, 6, 1, 3, 2, 7, 2, 2), n = c(17, 17, 15, 13, 13, 9, 8, 8, 7, 7, 5)),
  three = list(k = c(12, 20, 9), n = c(30, 31, 28)),
  small = list(k = c(0, 3, 1), n = c(4, 5, 6)),
  four = list(k = c(2, 0, 5, 1), n = c(6, 4, 7, 3)),
  eleven = list(k = c(11, 8, 13, 10, 3, 4, 12, 18, 4, 6, 11), n = c(21, 22, 31, 38, 6, 10, 33, 38, 13, 15, 35)),
  many = list(k = c(1, 0, 0, 2, 0, 1, 0, 3), n = c(3, 2, 4, 5, 1, 2, 3, 4))
)
for (name in names(tables)) {
  t <- tables[[name]]
  m <- cbind(t$k, t$n - t$k)
  K <- sum(t$k); N <- sum(t$n)
  fe <- fisher.test(m, workspace = 2e8)$p.value
  cs <- suppressWarnings(chisq.test(m, correct = FALSE))
  score <- sapply(seq_along(t$k), function(i) suppressWarnings(
    prop.test(c(t$k[i], K - t$k[i]), c(t$n[i], N - t$n[i]), correct = FALSE)$p.value))
  fisher2 <- sapply(seq_along(t$k), function(i) fisher.test(
    matrix(c(t$k[i], t$n[i] - t$k[i], K - t$k[i], N - t$n[i] - K + t$k[i]), 2, byrow = TRUE))$p.value)
  cat(name, "\n")
  cat("  fisher.test:", sprintf("%.15g", fe), "\n")
  cat("  chisq.test:", sprintf("%.15g", cs$statistic), sprintf("%.15g", cs$p.value), "\n")
  cat("  prop.test:", paste(sprintf("%.15g", score), collapse = ", "), "\n")
  cat("  holm:", paste(sprintf("%.15g", p.adjust(score, "holm")), collapse = ", "), "\n")
  cat("  BH:", paste(sprintf("%.15g", p.adjust(score, "BH")), collapse = ", "), "\n")
  cat("  fisher 2x2:", paste(sprintf("%.15g", fisher2), collapse = ", "), "\n")
}
cat("p.adjust holm:", sprintf("%.15g", p.adjust(c(0.01, 0.04, 0.03, 0.20), "holm")), "\n")
cat("p.adjust BH:", sprintf("%.15g", p.adjust(c(0.01, 0.04, 0.03, 0.20), "BH")), "\n")
