#include "gui/canvas.h"

#include <algorithm>
#include <cmath>

namespace stylemix::gui {

CanvasJob& CanvasFrame::image(CanvasId id, ImVec2 size) {
    size.x = std::max(1.f, std::floor(size.x));
    size.y = std::max(1.f, std::floor(size.y));
    ImGui::Image(texture ? texture(id) : nullptr, size);
    CanvasJob job;
    job.id = id;
    job.size = size;
    jobs.push_back(std::move(job));
    return jobs.back();
}

}  // namespace stylemix::gui
