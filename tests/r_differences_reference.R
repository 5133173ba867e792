# Reference values typed into tests/test_r_differences.py (issue 22: where the library
# parts from R on purpose). R 4.2.2 Patched (2022-11-10 r83330), boot 1.3-28.1,
# survey 4.1.1; run with `Rscript tests/r_differences_reference.R`.
options(digits = 15)
ci <- function(r) sprintf("%.15f", r$conf.int)

# 1. prop.test drops the continuity correction where x = n * p (p = 0.5 by default).
pt <- function(...) suppressWarnings(prop.test(...))
cat("prop.test(1, 2, conf.level = 0.8)          ", ci(pt(1, 2, conf.level = 0.8)), "\n")
cat("prop.test(1, 2, conf.level = 0.8, p = 0.01)", ci(pt(1, 2, conf.level = 0.8, p = 0.01)), "\n")
cat("prop.test(5, 10)                           ", ci(pt(5, 10)), "\n")
cat("prop.test(5, 10, p = 0.01)                 ", ci(pt(5, 10, p = 0.01)), "\n")
cat("prop.test(4, 10)                           ", ci(pt(4, 10)), "\n")
cat("prop.test(59, 118)                         ", ci(pt(59, 118)), "\n")
cat("prop.test(59, 118, p = 0.01)               ", ci(pt(59, 118, p = 0.01)), "\n")
cat("prop.test(59, 118, alternative = 'greater')", ci(pt(59, 118, alternative = "greater")), "\n")
cat("  ... p = 0.01                             ",
    ci(pt(59, 118, alternative = "greater", p = 0.01)), "\n")
cat("prop.test(30, 100)                         ", ci(pt(30, 100)), "\n")
cat("prop.test(30, 100, p = 0.3)                ", ci(pt(30, 100, p = 0.3)), "\n")

# 2. One-sided directions.
cat("binom.test(91, 119, 0.7, 'greater')", sprintf("%.15g", binom.test(91, 119, p = 0.7, alternative = "greater")$p.value), "\n")
cat("binom.test(91, 119, 0.7, 'less')   ", sprintf("%.15g", binom.test(91, 119, p = 0.7, alternative = "less")$p.value), "\n")
cat("prop.test(91, 119, correct = FALSE, 'less')   ", ci(prop.test(91, 119, correct = FALSE, alternative = "less")), "\n")
cat("prop.test(91, 119, correct = FALSE, 'greater')", ci(prop.test(91, 119, correct = FALSE, alternative = "greater")), "\n")

# 3. BCa acceleration: boot centres the jackknife on the full-sample value.
library(boot)
set.seed(22)
x <- round(rlnorm(30), 2)
cat("x:", paste(sprintf("%.2f", x), collapse = ", "), "\n")
stat <- function(d, i) log(sd(d[i]))
n <- length(x)
tj <- sapply(seq_len(n), function(i) log(sd(x[-i])))
L <- empinf(data = x, statistic = stat, type = "jack", stype = "i")
Lm <- (n - 1) * (mean(tj) - tj)
cat("a boot (full-sample centre)", sprintf("%.15g", sum(L^3) / (6 * sum(L^2)^1.5)), "\n")
cat("a E&T 14.15 (mean centre)  ", sprintf("%.15g", sum(Lm^3) / (6 * sum(Lm^2)^1.5)), "\n")
set.seed(2025)
b <- boot(x, stat, R = 100000)
cat("bca, boot's a ", sprintf("%.6f", boot.ci(b, type = "bca", L = L)$bca[4:5]), "\n")
cat("bca, E&T's a  ", sprintf("%.6f", boot.ci(b, type = "bca", L = Lm)$bca[4:5]), "\n")

# 4. Jeffreys edges, Kish vs deff = "replace", svyciprop on a raked design.
cat("qbeta(c(0.025, 0.975), 0.5, 20.5)", sprintf("%.15g", qbeta(c(0.025, 0.975), 0.5, 20.5)), "\n")
cat("qbeta(c(0.025, 0.975), 20.5, 0.5)", sprintf("%.15g", qbeta(c(0.025, 0.975), 20.5, 0.5)), "\n")
cat("qbeta(0.025, 0.5, 1.5)", sprintf("%.15g", qbeta(0.025, 0.5, 1.5)), "\n")
cat("qbeta(0.25, 0.5, 1.5) ", sprintf("%.15g", qbeta(0.25, 0.5, 1.5)), "\n")
suppressMessages(library(survey))
d <- data.frame(
  spec = c(rep("Chirurgie", 12), rep("Pediatrie", 10), rep("Psychiatrie", 8), rep("Radiologie", 10)),
  age = rep_len(c("<45", "45-59", "60+", "<45", "45-59"), 40),
  left = c(1,0,1,1,0, 0,1,0,1,0, 1,1,0,0,1, 0,0,1,0,0, 1,0,1,1,1, 0,1,1,0,0, 0,0,0,1,0, 1,0,0,1,1)
)
pop.spec <- data.frame(spec = c("Chirurgie", "Pediatrie", "Psychiatrie", "Radiologie"),
                       Freq = c(9000, 4000, 5000, 2000))
pop.age <- data.frame(age = c("<45", "45-59", "60+"), Freq = c(6000, 8000, 6000))
raked <- rake(svydesign(ids = ~1, weights = ~rep(1, 40), data = d), list(~spec, ~age),
              list(pop.spec, pop.age), control = list(maxit = 1000, epsilon = 1e-13))
w <- weights(raked)
fixed <- svydesign(ids = ~1, weights = ~w, data = cbind(d, w = w))
p <- coef(svymean(~left, fixed))
cat("Kish deff", sprintf("%.15g", 40 * sum(w^2) / sum(w)^2), "\n")
cat("deff replace", sprintf("%.15g", deff(svymean(~left, fixed, deff = "replace"))), "\n")
cat("n_eff fixed", sprintf("%.15g", p * (1 - p) / vcov(svymean(~left, fixed))), "\n")
cat("n_eff raked", sprintf("%.15g", p * (1 - p) / vcov(svymean(~left, raked))), "\n")
cat("svyciprop beta fixed", sprintf("%.15g", attr(svyciprop(~left, fixed, method = "beta"), "ci")), "\n")
cat("svyciprop beta raked", sprintf("%.15g", attr(svyciprop(~left, raked, method = "beta"), "ci")), "\n")
