# Reference values for tests/test_audit.py (R 4.2.2, base R only).
# Claims against intervals: exact one-sided binomial p-values and one-sided Wilson
# lower bounds (prop.test without continuity correction).
p <- function(x) print(x, digits = 15)
p(binom.test(91, 119, p = 0.70, alternative = "greater")$p.value)  # 0.0725604037721535
p(binom.test(91, 119, p = 0.69, alternative = "greater")$p.value)  # 0.0455925725324782
p(prop.test(91, 119, alternative = "greater", correct = FALSE)$conf.int[1])  # 0.695303442284226
p(binom.test(41, 69, p = 0.50, alternative = "greater")$p.value)  # 0.0740160903463795
p(prop.test(41, 69, alternative = "greater", correct = FALSE)$conf.int[1])  # 0.495198909502433
p(binom.test(66, 120, p = 0.50, alternative = "greater")$p.value)  # 0.157651650416129
p(binom.test(66, 120, p = 0.47, alternative = "greater")$p.value)  # 0.0481332836013859
p(prop.test(66, 120, alternative = "greater", correct = FALSE)$conf.int[1])  # 0.475016825542276
# Between the exact (Clopper-Pearson) one-sided bound and the Wilson bound, the two disagree:
p(binom.test(91, 119, alternative = "greater")$conf.int[1])  # 0.691917881605085
p(binom.test(91, 119, p = 0.693, alternative = "greater")$p.value)  # 0.0526374365912126
