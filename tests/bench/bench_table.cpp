#include "bench_table.h"

#include <sys/resource.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <sstream>

namespace stylemix::bench {

double median(std::vector<double> v) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v.size() % 2 ? v[v.size() / 2] : 0.5 * (v[v.size() / 2 - 1] + v[v.size() / 2]);
}
double minimum(const std::vector<double>& v) { return v.empty() ? 0 : *std::min_element(v.begin(), v.end()); }

double cpuMs() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

long peakRssKb() {
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

std::string loadAverage() {
    std::ifstream f("/proc/loadavg");
    std::string a, b, c;
    f >> a >> b >> c;
    return a + " " + b + " " + c;
}

std::string fmt(double v, int prec) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", prec, v);
    return buf;
}

std::string render(const Table& t, int runs) {
    std::ostringstream o;
    o << "| work item | device | variant | images | median ms | min ms | ms/image | images/s | speed-up | CPU ms | note |\n";
    o << "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---|\n";
    for (const auto& r : t.rows) {
        const double med = median(r.ms), mn = minimum(r.ms);
        std::string speed;
        if (r.baseline >= 0 && med > 0) speed = fmt(median(t.rows[static_cast<size_t>(r.baseline)].ms) / med, 2) + "x";
        o << "| " << r.item << " | " << r.device << " | " << r.variant << " | " << r.images << " | " << fmt(med) << " | "
          << fmt(mn) << " | " << fmt(med / std::max(1, r.images), 2) << " | "
          << (med > 0 ? fmt(1000.0 * r.images / med, 1) : "-") << " | " << speed << " | "
          << (r.cpu_ms.empty() ? std::string("") : fmt(median(r.cpu_ms), 0)) << " | " << r.note << " (n=" << r.ms.size()
          << ") |\n";
    }
    (void)runs;
    return o.str();
}

void Suite::run(Table& t, int runs, bool warmup) {
    if (warmup)
        for (auto& c : cases) {
            if (c.setup) c.setup();
            c.run();
            if (c.teardown) c.teardown();
        }
    for (int r = 0; r < runs; ++r)
        for (auto& c : cases)
            if (r < c.max_runs) {
                if (c.setup) c.setup();
                const double cpu0 = cpuMs();
                t.rows[static_cast<size_t>(c.row)].ms.push_back(c.run());
                t.rows[static_cast<size_t>(c.row)].cpu_ms.push_back(cpuMs() - cpu0);
                if (c.teardown) c.teardown();
            }
}

}  // namespace stylemix::bench
