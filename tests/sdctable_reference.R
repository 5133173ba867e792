# Reference values for tests/test_disclosure_sdctable.py: small-cell suppression of one
# 4 x 3 table by sdcTable 0.34.0 (GitHub sdcTools/sdcTable 6393dfb; R 4.2.2, highs 1.12.0-3,
# sdcHierarchies 0.22.0, SSBtools 1.8.6). sdcTable is not in Debian and CRAN was
# unreachable: installed from the GitHub sources with `R CMD INSTALL`.
# Run: Rscript tests/sdctable_reference.R
suppressPackageStartupMessages({library(sdcTable); library(sdcHierarchies)})
cat("sdcTable", as.character(packageVersion("sdcTable")),
    "| sdcHierarchies", as.character(packageVersion("sdcHierarchies")),
    "| highs", as.character(packageVersion("highs")), "|", R.version.string, "\n")

counts <- matrix(c(20, 3, 15,
                    8, 12, 25,
                    2, 9, 11,
                   17, 6, 4), nrow = 4, byrow = TRUE,
                 dimnames = list(paste0("r", 1:4), paste0("c", 1:3)))
df <- data.frame(row = rep(rownames(counts), each = 3),
                 col = rep(colnames(counts), times = 4),
                 freq = as.vector(t(counts)))
dims <- list(row = hier_create(root = "Tot", nodes = rownames(counts)),
             col = hier_create(root = "Tot", nodes = colnames(counts)))

p <- makeProblem(data = df, dimList = dims, freqVarInd = "freq")
p <- primarySuppression(p, type = "freq", maxN = 4)

show_pattern <- function(fd, label) {
  fd <- as.data.frame(fd)
  if (!"freq" %in% names(fd)) fd$freq <- fd$Freq  # safeObj's finalData calls it Freq
  m <- matrix("", 5, 4, dimnames = list(c(rownames(counts), "Tot"), c(colnames(counts), "Tot")))
  for (k in seq_len(nrow(fd))) m[fd$row[k], fd$col[k]] <- paste0(fd$freq[k], ":", fd$sdcStatus[k])
  cat("\n==", label, "== (value:status; u primary, x secondary, s/z published)\n")
  print(noquote(m))
  sec <- fd$sdcStatus == "x"
  cat("secondary cells:", sum(sec), " total value of secondary cells:", sum(fd$freq[sec]), "\n")
}

# Attack a pattern given as the final data of protectTable (or any pattern): set it on
# the primary-suppressed problem and solve sdcTable's attacker LPs for every hidden cell.
attack_pattern <- function(fd, label) {
  fd <- as.data.frame(fd)
  x <- fd[fd$sdcStatus == "x", c("row", "col")]
  q <- p
  if (nrow(x) > 0) q <- change_cellstatus(q, specs = x, rule = "x")
  ids <- which(getInfo(q, type = "sdcStatus") %in% c("u", "x"))
  a <- attack(q, to_attack = ids, verbose = FALSE)
  info <- as.data.frame(sdcProb2df(q, dimCodes = "original"))  # rows in cell-id order
  a$row <- sapply(a$id, function(i) as.character(info$row[i]))
  a$col <- sapply(a$id, function(i) as.character(info$col[i]))
  cat("\n-- attack() on", label, "--\n")
  print(a[, c("row", "col", "sdc", "freq", "low", "up", "protected")], row.names = FALSE)
  invisible(a)
}

show_pattern(sdcProb2df(p, dimCodes = "original"), "primary suppression only (maxN = 4)")
attack_pattern(sdcProb2df(p, dimCodes = "original"), "primary suppression only")

sh <- protectTable(p, method = "SIMPLEHEURISTIC")
print(sh)
show_pattern(getInfo(sh, type = "finalData"), "SIMPLEHEURISTIC")
attack_pattern(getInfo(sh, type = "finalData"), "SIMPLEHEURISTIC pattern")

opt <- tryCatch(protectTable(p, method = "OPT"), error = function(e) {cat("OPT failed:", conditionMessage(e), "\n"); NULL})
if (!is.null(opt)) {
  print(opt)
  show_pattern(getInfo(opt, type = "finalData"), "OPT (default protection levels LPL = UPL = 1)")
  attack_pattern(getInfo(opt, type = "finalData"), "OPT pattern")
}

# OPT again, with sdcTable's protection levels set to optamstats' protection interval
# [0, 5] for each primary cell: lower level = its count (down to 0), upper = 5 - count.
prim <- which(getInfo(p, type = "sdcStatus") == "u")
fr <- getInfo(p, type = "freq")[prim]
p05 <- setInfo(p, type = "LPL", index = prim, input = fr)
p05 <- setInfo(p05, type = "UPL", index = prim, input = 5 - fr)
cat("\nprotection levels of the primary cells: freq", fr, "| LPL", getInfo(p05, "LPL")[prim],
    "| UPL", getInfo(p05, "UPL")[prim], "\n")
opt05 <- tryCatch(protectTable(p05, method = "OPT"), error = function(e) {cat("OPT [0,5] failed:", conditionMessage(e), "\n"); NULL})
if (!is.null(opt05)) {
  show_pattern(getInfo(opt05, type = "finalData"), "OPT with LPL = freq, UPL = 5 - freq")
  attack_pattern(getInfo(opt05, type = "finalData"), "OPT [0, 5] pattern")
}

# optamstats' pattern, typed from suppress_small_cells(counts, 5) on branch sdc at c9ca8b9
# (the test recomputes ranges on the live pattern; R's attack() checks its attacker).
ours <- as.data.frame(sdcProb2df(p, dimCodes = "original"))
ours_x <- list(c("r1", "c3"), c("r3", "c2"), c("r3", "c3"), c("r4", "c1"), c("r4", "c2"))
for (rc in ours_x) ours$sdcStatus[ours$row == rc[1] & ours$col == rc[2]] <- "x"
show_pattern(ours, "optamstats suppress_small_cells(min_cell = 5)")
attack_pattern(ours, "optamstats pattern")

# The other methods of protectTable() (default protection levels).
gau <- protectTable(p, method = "GAUSS")
show_pattern(getInfo(gau, type = "finalData"), "GAUSS")
attack_pattern(getInfo(gau, type = "finalData"), "GAUSS pattern")
hit <- protectTable(p, method = "HITAS")
show_pattern(getInfo(hit, type = "finalData"), "HITAS")
attack_pattern(getInfo(hit, type = "finalData"), "HITAS pattern")
hit05 <- protectTable(p05, method = "HITAS")
show_pattern(getInfo(hit05, type = "finalData"), "HITAS with LPL = freq, UPL = 5 - freq")
