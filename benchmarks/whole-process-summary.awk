# Summary of benchmarks/whole-process.sh's runs.tsv: per-side medians (min-max over rounds), then,
# for each extension side against the agent alone of the same round, the per-round comparisons
# and the verdict against each goal of docs/performance.md. A verdict needs agreement: "met" when
# the median meets the goal and at least two thirds of the rounds do, "missed" when the median
# misses it and two thirds of the rounds do, else "not established" (the rounds disagree: the
# machine's noise is larger than the margin). The load average (1 min) of the rounds behind each
# figure is printed beside it.
function sorted(list, a,   n, i, j, t) {
  n = split(list, a, " ")
  for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] + 0 > t + 0; j--) a[j + 1] = a[j]; a[j + 1] = t }
  return n
}
function median(list,   a, n) {
  n = sorted(list, a)
  return n == 0 ? "" : n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
function stat(list,   a, n) {
  n = sorted(list, a)
  return n == 0 ? "-" : sprintf("%.4g (%.4g-%.4g)", median(list), a[1], a[n])
}
function loads(list,   a, n) {
  n = sorted(list, a)
  return n == 0 ? "" : sprintf("load %.1f-%.1f", a[1], a[n])
}
# The per-round values of a comparison of side s with the agent alone: kind is ratio, pct, add
# or mb (added bytes in MiB).
function compare(s, col, kind,   r, out, x, y) {
  out = ""
  for (r = 1; r <= rounds; r++) {
    if (!((r, s) in seen) || !((r, "agent") in seen)) continue
    x = val[r, s, col]; y = val[r, "agent", col]
    if (x == "" || y == "" || x < 0 || y < 0) continue
    if (kind == "ratio") out = out " " (y == 0 ? 0 : x / y)
    else if (kind == "pct") out = out " " (y == 0 ? 0 : (x / y - 1) * 100)
    else if (kind == "mb") out = out " " (x - y) / 1048576
    else out = out " " (x - y)
  }
  return out
}
function loadsOf(s, lcol,   r, out) {
  out = ""
  for (r = 1; r <= rounds; r++) {
    if ((r, s) in seen) out = out " " val[r, s, lcol]
    if ((r, "agent") in seen) out = out " " val[r, "agent", lcol]
  }
  return out
}
# Whether a value meets a goal: op is ">=" or "<=", against bound (for startup, the bound is
# max(100 ms, 3 % of the agent alone's median)).
function ok(v, op, bound) { return op == ">=" ? v + 0 >= bound : v + 0 <= bound }
function verdict(name, s, list, op, bound, unit, lcol,   a, n, i, k, m, met, need) {
  n = sorted(list, a)
  if (n == 0) { printf "  %-34s no rounds\n", name; return }
  k = 0
  for (i = 1; i <= n; i++) if (ok(a[i], op, bound)) k++
  m = median(list); met = ok(m, op, bound); need = int((2 * n + 2) / 3)
  printf "  %-34s %-30s goal %s %g%s  %d/%d rounds within  %-16s %s\n", name, stat(list) unit,
    op, bound, unit, k, n, (met && k >= need) ? "MET" : (!met && n - k >= need) ? "MISSED" \
    : "NOT ESTABLISHED", loads(loadsOf(s, lcol))
}
NR == 1 { for (i = 1; i <= NF; i++) { col[$i] = i; name[i] = $i }; columns = NF; next }
{
  r = $col["round"]; s = $col["side"]; seen[r, s] = 1; if (r > rounds) rounds = r
  if (!(s in order)) { order[s] = ++sideCount; sideName[sideCount] = s }
  for (i = 3; i <= columns; i++) { val[r, s, i] = $i; all[s, i] = all[s, i] " " $i }
}
END {
  printf "\nmedian (min-max) over rounds\n%-22s", ""
  for (k = 1; k <= sideCount; k++) printf " %-30s", sideName[k]
  printf "\n"
  for (i = 3; i <= columns; i++) {
    printf "%-22s", name[i]
    for (k = 1; k <= sideCount; k++) printf " %-30s", stat(all[sideName[k], i])
    printf "\n"
  }
  if (!("agent" in order)) exit
  for (k = 1; k <= sideCount; k++) {
    s = sideName[k]
    if (s == "agent" || s == "none") continue
    printf "\n%s vs agent alone, per round: median (min-max)\n", s
    printf "  micro throughput ratio %s; micro P95 %s %%; micro CPU/request %s %%\n",
      stat(compare(s, col["micro_rps"], "ratio")), stat(compare(s, col["micro_p95_us"], "pct")),
      stat(compare(s, col["micro_cpu_us"], "pct"))
    printf "  micro CPU/request added by thread: workers %s us, tool threads %s us, rest %s us\n",
      stat(compare(s, col["micro_worker_cpu_us"], "add")),
      stat(compare(s, col["micro_tool_cpu_us"], "add")),
      stat(compare(s, col["micro_other_cpu_us"], "add"))
    printf "  micro CPU/request added %s us; micro allocation/request added %s B\n",
      stat(compare(s, col["micro_cpu_us"], "add")),
      stat(compare(s, col["micro_alloc_b_per_request"], "add"))
    printf "  load throughput ratio %s; load P95 %s %%; load CPU/request %s %%\n",
      stat(compare(s, col["load_rps"], "ratio")), stat(compare(s, col["load_p95_us"], "pct")),
      stat(compare(s, col["load_cpu_us"], "pct"))
    printf "  startup added: wall %s ms, process CPU %s ms, main-thread CPU %s ms, define-class %s ms\n",
      stat(compare(s, col["startup_ms"], "add")), stat(compare(s, col["startup_cpu_ms"], "add")),
      stat(compare(s, col["startup_thread_cpu_ms"], "add")),
      stat(compare(s, col["define_class_ms"], "add"))
    printf "\n%s: verdicts against the goals of docs/performance.md\n", s
    agentStartup = median(all["agent", col["startup_ms"]])
    agentCpu = median(all["agent", col["startup_cpu_ms"]])
    agentThread = median(all["agent", col["startup_thread_cpu_ms"]])
    verdict("G4 startup, wall", s, compare(s, col["startup_ms"], "add"), "<=",
      agentStartup * 0.03 > 100 ? agentStartup * 0.03 : 100, " ms", col["load1_start"])
    verdict("G4 startup, process CPU", s, compare(s, col["startup_cpu_ms"], "add"), "<=",
      agentCpu * 0.03 > 100 ? agentCpu * 0.03 : 100, " ms", col["load1_start"])
    verdict("G4 startup, main-thread CPU", s, compare(s, col["startup_thread_cpu_ms"], "add"), "<=",
      agentThread * 0.03 > 100 ? agentThread * 0.03 : 100, " ms", col["load1_start"])
    verdict("G4 classes loaded at startup", s, compare(s, col["classes_at_start"], "add"), "<=",
      300, "", col["load1_start"])
    verdict("G5 sample load throughput ratio", s, compare(s, col["load_rps"], "ratio"), ">=", 0.98,
      "", col["load1_load"])
    verdict("G5 sample load P95 change", s, compare(s, col["load_p95_us"], "pct"), "<=", 3, " %",
      col["load1_load"])
    verdict("G5 micro throughput ratio", s, compare(s, col["micro_rps"], "ratio"), ">=", 0.97, "",
      col["load1_micro"])
    verdict("G5 micro P95 change", s, compare(s, col["micro_p95_us"], "pct"), "<=", 3, " %",
      col["load1_micro"])
    verdict("G5 micro CPU/request change", s, compare(s, col["micro_cpu_us"], "pct"), "<=", 3,
      " %", col["load1_micro"])
    verdict("G6 allocation in the load run", s, compare(s, col["load_alloc_b"], "pct"), "<=", 5,
      " %", col["load1_load"])
    verdict("G6 heap after full GC added", s, compare(s, col["heap_after_gc_b"], "mb"), "<=", 5,
      " MB", col["load1_micro"])
    verdict("G6 metaspace added", s, compare(s, col["metaspace_b"], "mb"), "<=", 5, " MB",
      col["load1_micro"])
    verdict("G6 live threads added", s, compare(s, col["threads"], "add"), "<=", 0, "",
      col["load1_micro"])
  }
}
