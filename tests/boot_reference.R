# Reference values typed into tests/test_resampling.py.
# R 4.2.2 Patched (2022-11-10 r83330), package boot 1.3-28; `Rscript tests/boot_reference.R`.
library(boot)
x <- c(rep(1, 91), rep(0, 28))   # the 2025 survey's combined exit: 91 of 119 members
set.seed(2025)
b <- boot(x, function(d, i) mean(d[i]), R = 200000)
# Jackknife influence values (type "jack") as in Efron & Tibshirani's BCa.
L <- empinf(b, type = "jack")
ci <- boot.ci(b, conf = 0.95, type = c("perc", "basic", "bca"), L = L)
cat(sprintf("perc  %.6f %.6f\n", ci$percent[4], ci$percent[5]))
cat(sprintf("basic %.6f %.6f\n", ci$basic[4], ci$basic[5]))
cat(sprintf("bca   %.6f %.6f\n", ci$bca[4], ci$bca[5]))
cat(sprintf("a     %.6f\n", sum(L^3) / (6 * sum(L^2)^1.5)))
cat(packageDescription("boot")$Version, "\n")
