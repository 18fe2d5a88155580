#include "gui/harness/process_stats.h"

#include <sys/resource.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>

namespace stylemix::gui {

namespace {

// A "Key:   123 kB" line of /proc/self/status, in MiB.
double statusMiB(const std::string& key) {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind(key + ":", 0) != 0) continue;
        std::istringstream fields(line.substr(key.size() + 1));
        double kb = -1;
        fields >> kb;
        return kb >= 0 ? kb / 1024.0 : -1;
    }
    return -1;
}

}  // namespace

double msSinceProcessStart() {
    // Field 22 of /proc/self/stat is the start time in clock ticks after boot; the
    // command name (field 2) may hold spaces, so fields are counted after its ')'.
    std::ifstream stat("/proc/self/stat");
    const std::string text((std::istreambuf_iterator<char>(stat)), {});
    const auto close = text.rfind(')');
    std::ifstream uptime_file("/proc/uptime");
    double uptime_s = -1;
    uptime_file >> uptime_s;
    if (close == std::string::npos || uptime_s < 0) return -1;
    std::istringstream fields(text.substr(close + 2));
    std::string field;
    for (int i = 3; i < 22 && fields >> field; ++i) {
    }
    unsigned long long start_ticks = 0;
    if (!(fields >> start_ticks)) return -1;
    const long hz = ::sysconf(_SC_CLK_TCK);
    if (hz <= 0) return -1;
    return (uptime_s - static_cast<double>(start_ticks) / static_cast<double>(hz)) * 1000.0;
}

double residentMiB() { return statusMiB("VmRSS"); }
double peakResidentMiB() {
    rusage usage{};
    return ::getrusage(RUSAGE_SELF, &usage) == 0 ? usage.ru_maxrss / 1024.0 : -1;   // ru_maxrss is in KiB
}

}  // namespace stylemix::gui
