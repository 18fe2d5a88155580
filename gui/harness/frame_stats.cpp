#include "gui/harness/frame_stats.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

namespace stylemix::gui {

FrameTimeSummary summarise(std::vector<double> ms) {
    FrameTimeSummary s;
    s.frames = ms.size();
    if (ms.empty()) return s;
    std::sort(ms.begin(), ms.end());
    const std::size_t n = ms.size();
    s.median_ms = n % 2 ? ms[n / 2] : 0.5 * (ms[n / 2 - 1] + ms[n / 2]);
    const auto rank = static_cast<std::size_t>(std::ceil(0.95 * static_cast<double>(n)));
    s.p95_ms = ms[std::clamp<std::size_t>(rank, 1, n) - 1];
    s.max_ms = ms.back();
    return s;
}

void FrameStats::add(double ms, bool worker_busy) {
    if (keep_all_) (worker_busy ? busy_ : idle_).push_back(ms);
    recent_.push_back(ms);
    if (recent_.size() > kRecent) recent_.pop_front();
}

FrameTimeSummary FrameStats::summary(bool worker_busy) const { return summarise(worker_busy ? busy_ : idle_); }

FrameTimeSummary FrameStats::recent() const { return summarise({recent_.begin(), recent_.end()}); }

namespace {

// [[step, ms], ...] for the --sweep steps whose cells arrived.
nlohmann::json eachStep(const SessionStats& session) {
    nlohmann::json out = nlohmann::json::array();
    for (std::size_t i = 0; i < session.step_first_cell_ms.size(); ++i)
        out.push_back({i < session.step_first_cell_step.size() ? session.step_first_cell_step[i] : -1,
                       session.step_first_cell_ms[i]});
    return out;
}

}  // namespace

std::string frameStatsJson(const FrameStats& stats, const TextureTraffic& textures, const SessionStats& session) {
    auto part = [](const FrameTimeSummary& s) {
        return nlohmann::json{{"frames", s.frames}, {"median_ms", s.median_ms}, {"p95_ms", s.p95_ms}, {"max_ms", s.max_ms}};
    };
    const nlohmann::json j = {
        {"worker_busy", part(stats.summary(true))},
        {"worker_idle", part(stats.summary(false))},
        {"texture_allocations", textures.allocations},
        {"texture_updates", textures.updates},
        {"crossover_changes", session.crossover_changes},
        {"frames_unchanged", session.frames_unchanged},
        {"step_to_first_cell", part(summarise(session.step_first_cell_ms))},
        {"step_to_first_cell_each", eachStep(session)},
        {"startup_ms", {{"main", session.startup.main_ms}, {"window", session.startup.window_ms},
                        {"model_loaded", session.startup.model_loaded_ms},
                        {"first_tile", session.startup.first_tile_ms}, {"full_grid", session.startup.full_grid_ms}}},
        {"memory", {{"actions", session.memory.actions}, {"peak_rss_mib", session.memory.peak_mib},
                    {"rss_mib", session.memory.rss_mib}}},
    };
    return j.dump(2) + "\n";
}

}  // namespace stylemix::gui
