#include "gui/views/canvas.h"

#include <algorithm>
#include <cmath>

namespace stylemix::gui {

namespace {

bool same(ImVec2 a, ImVec2 b) { return a.x == b.x && a.y == b.y; }
bool same(ImVec4 a, ImVec4 b) { return a.x == b.x && a.y == b.y && a.z == b.z && a.w == b.w; }

}  // namespace

bool operator==(const CanvasDraw& a, const CanvasDraw& b) {
    return a.pass == b.pass && a.image == b.image && a.image2 == b.image2 && same(a.p0, b.p0) && same(a.p1, b.p1) &&
           same(a.uv0, b.uv0) && same(a.uv1, b.uv1) && a.nearest == b.nearest && a.dim == b.dim && a.gain == b.gain &&
           a.split == b.split && same(a.color, b.color);
}

bool operator==(const CanvasJob& a, const CanvasJob& b) {
    return a.id == b.id && same(a.size, b.size) && same(a.clear, b.clear) && a.draws == b.draws;
}

CanvasJob& CanvasFrame::image(CanvasId id, ImVec2 size) {
    size.x = std::max(1.f, std::floor(size.x));
    size.y = std::max(1.f, std::floor(size.y));
    CanvasJob job;
    job.id = id;
    job.size = size;
    job.screen_pos = ImGui::GetCursorScreenPos();
    ImGui::Image(texture ? texture(id) : nullptr, size);
    jobs.push_back(std::move(job));
    return jobs.back();
}

}  // namespace stylemix::gui
