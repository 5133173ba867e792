# Reference values for tests/test_weighting.py, from R's survey package.
# R 4.2.2 Patched (2022-11-10 r83330), survey 4.1.1 (Debian r-cran-survey).
# Run: Rscript tests/weighting_reference.R
suppressMessages(library(survey))
options(digits = 15)
d <- data.frame(
  spec = c(rep("Chirurgie", 12), rep("Pediatrie", 10), rep("Psychiatrie", 8), rep("Radiologie", 10)),
  age = rep_len(c("<45", "45-59", "60+", "<45", "45-59"), 40),
  left = c(1,0,1,1,0, 0,1,0,1,0, 1,1,0,0,1, 0,0,1,0,0, 1,0,1,1,1, 0,1,1,0,0, 0,0,0,1,0, 1,0,0,1,1),
  a = c(1,1,0,1,0, 1,1,1,0,0, 1,0,1,1,0, 0,1,0,1,1, 1,1,0,0,1, 1,0,1,0,1, 0,1,1,1,0, 0,1,0,1,1),
  w0 = rep(c(1, 2, 1.5, 1), 10)
)
pop.spec <- data.frame(spec = c("Chirurgie", "Pediatrie", "Psychiatrie", "Radiologie"),
                       Freq = c(9000, 4000, 5000, 2000))
pop.age <- data.frame(age = c("<45", "45-59", "60+"), Freq = c(6000, 8000, 6000))
ctl <- list(maxit = 1000, epsilon = 1e-13, verbose = FALSE)

# 1. Raking from equal weights.
des <- svydesign(ids = ~1, weights = ~rep(1, 40), data = d)
r1 <- rake(des, list(~spec, ~age), list(pop.spec, pop.age), control = ctl)
cat("w_equal <- c(", paste(sprintf("%.15g", weights(r1)), collapse = ", "), ")\n")

# 2. Raking from base weights w0.
des0 <- svydesign(ids = ~1, weights = ~w0, data = d)
r2 <- rake(des0, list(~spec, ~age), list(pop.spec, pop.age), control = ctl)
cat("w_base <- c(", paste(sprintf("%.15g", weights(r2)), collapse = ", "), ")\n")

# 3. Weighted proportion of `left` with the raked weights of 1, held fixed.
w <- weights(r1)
fixed <- svydesign(ids = ~1, weights = ~w, data = cbind(d, w = w))
m <- svymean(~left, fixed)
cat("mean", sprintf("%.15g", coef(m)), "se", sprintf("%.15g", SE(m)), "\n")
ci <- svyciprop(~left, fixed, method = "beta")
cat("svyciprop beta", sprintf("%.15g", attr(ci, "ci")), "\n")
ci90 <- svyciprop(~left, fixed, method = "beta", level = 0.9)
cat("svyciprop beta 0.90", sprintf("%.15g", attr(ci90, "ci")), "\n")
neff <- sum(w)^2 / sum(w^2)
p <- sum(w * d$left) / sum(w)
cat("kish neff", sprintf("%.15g", neff), "\n")
cat("wilson kish", sprintf("%.15g", suppressWarnings(prop.test(p * neff, neff, correct = FALSE)$conf.int)), "\n")
# 4. A second indicator, for the weighted multi-select table (options left and a).
ma <- svymean(~a, fixed)
cat("mean a", sprintf("%.15g", coef(ma)), "se", sprintf("%.15g", SE(ma)), "\n")
cia <- svyciprop(~a, fixed, method = "beta")
cat("svyciprop beta a", sprintf("%.15g", attr(cia, "ci")), "\n")
pa <- sum(w * d$a) / sum(w)
cat("wilson kish a", sprintf("%.15g", suppressWarnings(prop.test(pa * neff, neff, correct = FALSE)$conf.int)), "\n")
# 5. Exit funnel with these weights: has_left = left; among those who have not left,
#    plans_to_leave = a. Plan share on the subset's weights and Kish size.
s <- d$left == 0
ws <- w[s]; pp <- sum(ws * d$a[s]) / sum(ws); ns <- sum(ws)^2 / sum(ws^2)
cat("plan share", sprintf("%.15g", pp), "kish", sprintf("%.15g", ns), "wilson",
    sprintf("%.15g", suppressWarnings(prop.test(pp * ns, ns, correct = FALSE)$conf.int)), "\n")
