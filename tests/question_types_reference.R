# Reference values typed into tests/test_categorical.py, tests/test_scales.py and
# tests/test_quantiles.py. R 4.2.2 Patched (2022-11-10 r83330), base R only
# (DescTools is not packaged for Debian bookworm: `apt-cache policy r-cran-desctools`
# finds nothing). Run with `Rscript tests/question_types_reference.R`.
#
# The median interval is the one DescTools::MedianCI(x, method = "exact") takes from
# DescTools::SignTest: k <- qbinom((1 - conf) / 2, n, 0.5); sort(x)[c(k, n - k + 1)],
# achieved level 1 - 2 * pbinom(k - 1, n, 0.5); k = 0 gives NA (too few answers).
options(digits = 15)
median_ci <- function(x, conf = 0.95) {
  n <- length(x)
  k <- qbinom((1 - conf) / 2, n, 0.5)
  if (k == 0) return(c(NA, NA, NA))
  c(sort(x)[c(k, n - k + 1)], 1 - 2 * pbinom(k - 1, n, 0.5), k)
}
show <- function(label, v) cat(label, ":", sprintf("%.15g", v), "\n")

cat("## categorical\n")
# counts: Généraliste 40, Pédiatre 12, Chirurgien 0, Autre 8, Ne sait pas 5,
# Je ne souhaite pas répondre 3 -> n = 68, n_substantive = 60
for (k in c(40, 12, 0, 8, 5, 3)) show(sprintf("prop.test(%d, 68, correct=FALSE)", k),
  prop.test(k, 68, correct = FALSE)$conf.int)
for (k in c(40, 12, 0, 8)) show(sprintf("prop.test(%d, 60, correct=FALSE)", k),
  prop.test(k, 60, correct = FALSE)$conf.int)
for (k in c(40, 12, 0, 8)) show(sprintf("binom.test(%d, 60)", k), binom.test(k, 60)$conf.int)
show("prop.test(40, 60, correct=FALSE, conf.level=0.9)",
  prop.test(40, 60, correct = FALSE, conf.level = 0.9)$conf.int)

cat("## scale 1-5: counts 3 7 10 18 12 (+ 4 'Sans avis')\n")
x <- rep(1:5, c(3, 7, 10, 18, 12))
for (k in c(3, 7, 10, 18, 12)) show(sprintf("prop.test(%d, 50, correct=FALSE)", k),
  prop.test(k, 50, correct = FALSE)$conf.int)
show("top 4-5 prop.test(30, 50, correct=FALSE)", prop.test(30, 50, correct = FALSE)$conf.int)
show("bottom 1-2 prop.test(10, 50, correct=FALSE)", prop.test(10, 50, correct = FALSE)$conf.int)
show("top 5 prop.test(12, 50, correct=FALSE)", prop.test(12, 50, correct = FALSE)$conf.int)
show("bottom 1 prop.test(3, 50, correct=FALSE)", prop.test(3, 50, correct = FALSE)$conf.int)
show("median(x)", median(x))
show("median_ci(x) [low, high, level, k]", median_ci(x))
show("median_ci(x, 0.99)", median_ci(x, 0.99))
tt <- t.test(x)
show("mean, sd", c(mean(x), sd(x)))
show("t.test(x)$conf.int", tt$conf.int)
show("t.test(x, conf.level=0.9)$conf.int", t.test(x, conf.level = 0.9)$conf.int)

cat("## scale 0-10: counts 1 0 2 3 4 10 6 9 12 5 8 (n = 60)\n")
y <- rep(0:10, c(1, 0, 2, 3, 4, 10, 6, 9, 12, 5, 8))
show("median(y)", median(y))
show("median_ci(y)", median_ci(y))
show("mean, sd", c(mean(y), sd(y)))
show("t.test(y)$conf.int", t.test(y)$conf.int)
show("top 9-10 prop.test(13, 60, correct=FALSE)", prop.test(13, 60, correct = FALSE)$conf.int)
show("bottom 0-1 prop.test(1, 60, correct=FALSE)", prop.test(1, 60, correct = FALSE)$conf.int)

cat("## scale 1-4 even, counts 5 5 5 5 (n = 20)\n")
z <- rep(1:4, c(5, 5, 5, 5))
show("median(z)", median(z))
show("median_ci(z)", median_ci(z))

cat("## numbers: years in practice\n")
v <- c(12, 3, 25, 7.5, 18, 30, 1, 9, 14, 22, 5, 16, 11, 27, 8, 19, 2, 35, 13, 10, 6, 21, 4, 17)
show("n", length(v))
show("mean, sd", c(mean(v), sd(v)))
show("t.test(v)$conf.int", t.test(v)$conf.int)
show("t.test(v, conf.level=0.99)$conf.int", t.test(v, conf.level = 0.99)$conf.int)
show("median(v)", median(v))
show("quantile(v, c(.25, .75), type=7)", quantile(v, c(0.25, 0.75), type = 7))
show("median_ci(v)", median_ci(v))
show("median_ci(v, 0.9)", median_ci(v, 0.9))
show("median_ci(v, 0.99)", median_ci(v, 0.99))
w <- c(61, 45, 52, 38, 70, 49, 55)
show("median_ci(w) (n = 7)", median_ci(w))
show("median_ci(c(1,2,3,4,5)) (n = 5: NA)", median_ci(c(1, 2, 3, 4, 5)))
show("median_ci(1:6)", median_ci(1:6))
show("median_ci(1:3, 0.75) (tie: qbinom(0.125, 3, .5) = 0)", median_ci(1:3, 0.75))
show("qbinom(0.125, 3, 0.5)", qbinom(0.125, 3, 0.5))
for (n in c(6, 10, 30, 100, 1000)) show(sprintf("n=%d: k, level", n),
  c(qbinom(0.025, n, 0.5), 1 - 2 * pbinom(qbinom(0.025, n, 0.5) - 1, n, 0.5)))
