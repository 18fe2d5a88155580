// The benchmark's table and its driver: rows of timings, the interleaved
// suite that fills them (every case once per round, rounds repeated), and the
// Markdown table bench_stylemix prints.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace stylemix::bench {

struct Row {
    std::string item, device, variant;
    int images = 1;
    std::vector<double> ms;
    std::vector<double> cpu_ms;   // process CPU time (all our threads) over the same run
    int baseline = -1;   // row index whose median gives the speed-up
    std::string note;
};

struct Table {
    std::vector<Row> rows;
    int add(const std::string& item, const std::string& device, const std::string& variant, int images, int baseline = -1) {
        rows.push_back({item, device, variant, images, {}, {}, baseline, ""});
        return static_cast<int>(rows.size()) - 1;
    }
};

double median(std::vector<double> v);
double minimum(const std::vector<double>& v);
double cpuMs();               // this process's CPU time, all threads
long peakRssKb();             // this process's peak resident memory
std::string loadAverage();    // /proc/loadavg's 1, 5 and 15 minute figures
std::string fmt(double v, int prec = 1);

// The table as Markdown, one line per row, with the speed-up over each row's baseline.
std::string render(const Table& t, int runs);

// One interleaved benchmark: every case runs once per round, rounds repeat.
struct Suite {
    struct Case {
        int row;
        std::function<double()> run;   // returns wall ms
        int max_runs;
        std::function<void()> setup;      // untimed, before every run
        std::function<void()> teardown;   // untimed, after every run
    };
    std::vector<Case> cases;
    void add(int row, std::function<double()> fn, int max_runs = 1 << 30, std::function<void()> setup = {},
             std::function<void()> teardown = {}) {
        cases.push_back({row, std::move(fn), max_runs, std::move(setup), std::move(teardown)});
    }
    // A warm-up round (untimed) unless `warmup` is false, then `runs` timed rounds into `t`.
    void run(Table& t, int runs, bool warmup = true);
};

}  // namespace stylemix::bench
