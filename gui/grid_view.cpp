#include "gui/grid_view.h"

#include "gui/labels.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <string>

namespace stylemix::gui {

ImVec2 GridLayout::tileMin(int row, int col) const {
    auto axis = [&](int i) { return i < 0 ? 0.f : tile + header_gap + i * (tile + gap); };
    return ImVec2(axis(col), axis(row));
}

std::optional<std::pair<int, int>> GridLayout::hit(ImVec2 p) const {
    auto axis = [&](float v, int n) -> std::optional<int> {
        if (v >= 0 && v < tile) return -1;
        const float body = v - tile - header_gap;
        if (body < 0) return std::nullopt;
        const int i = static_cast<int>(body / (tile + gap));
        if (i >= n || body - i * (tile + gap) >= tile) return std::nullopt;
        return i;
    };
    const auto r = axis(p.y, rows), c = axis(p.x, cols);
    if (!r || !c || (*r < 0 && *c < 0)) return std::nullopt;
    return std::make_pair(*r, *c);
}

GridLayout layoutGrid(ImVec2 avail, int rows, int cols, int resolution, bool integer_zoom) {
    GridLayout g;
    g.rows = rows;
    g.cols = cols;
    const float fixed_x = g.header_gap + g.gap * std::max(cols - 1, 0);
    const float fixed_y = g.header_gap + g.gap * std::max(rows - 1, 0);
    float tile = std::min((avail.x - fixed_x) / (cols + 1), (avail.y - fixed_y) / (rows + 1));
    tile = std::max(tile, 8.f);
    if (integer_zoom && resolution > 0 && tile >= resolution) tile = std::floor(tile / resolution) * resolution;
    g.tile = std::floor(tile);
    g.size = ImVec2(g.tile * (cols + 1) + fixed_x, g.tile * (rows + 1) + fixed_y);
    return g;
}

namespace {

ImageKey keyFor(int r, int c) {
    if (r < 0) return {ImageSlot::ColSource, 0, c};
    if (c < 0) return {ImageSlot::RowSource, r, 0};
    return {ImageSlot::Cell, r, c};
}

LabSelection selectionFor(int r, int c) {
    if (r < 0) return {LabSelection::Kind::ColSource, 0, c};
    if (c < 0) return {LabSelection::Kind::RowSource, r, 0};
    return {LabSelection::Kind::Cell, r, c};
}

void toolbar(GridViewState& state, const GridViewInput& in, GridViewEvents& events) {
    ImGui::Checkbox("Labels", &state.labels);
    ImGui::SameLine();
    int filter = state.nearest ? 0 : 1;
    ImGui::RadioButton("Nearest", &filter, 0);
    ImGui::SameLine();
    ImGui::RadioButton("Linear", &filter, 1);
    state.nearest = filter == 0;
    ImGui::SameLine();
    ImGui::Checkbox("Integer zoom", &state.integer_zoom);
    ImGui::SameLine();
    if (ImGui::Button("Export...")) events.export_clicked = true;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Save the grid, noise-lab figure or std-dev map (Ctrl+S)");
    ImGui::SameLine();
    if (in.rendering) ImGui::ProgressBar(in.progress, ImVec2(-1, 0), "rendering...");
    else ImGui::TextDisabled("Hover a face for its seeds and layers; click it to study its noise.");
}

}  // namespace

GridViewEvents drawGridView(GridViewState& state, const GridViewInput& in, CanvasFrame& canvases) {
    GridViewEvents events;
    ImGui::PushID("grid");
    toolbar(state, in, events);
    if (!in.facts || !in.request) {
        if (in.rendering) ImGui::TextDisabled("Loading the model...");
        else ImGui::TextDisabled("No model loaded: open one (Ctrl+O), type a path in the Model panel, drop a model file onto "
                                 "the window, or pick a recent one.");
        ImGui::PopID();
        return events;
    }
    const MixRequest& req = *in.request;
    if (req.rows.empty() || req.cols.empty()) {
        ImGui::TextDisabled("No sources.");
        ImGui::PopID();
        return events;
    }
    const int rows = static_cast<int>(req.rows.size()), cols = static_cast<int>(req.cols.size());
    const int res = in.facts->img_resolution;
    const float line = ImGui::GetTextLineHeightWithSpacing();

    // Label margins: seeds above the columns, seeds (and bands) left of the rows.
    float left = 0, top = 0;
    if (state.labels) {
        top = line;
        for (int r = 0; r < rows; ++r) {
            left = std::max(left, ImGui::CalcTextSize(("A " + std::to_string(req.rows[r].seed)).c_str()).x);
            if (!req.row_styles.empty()) {
                left = std::max(left, ImGui::CalcTextSize(stylesText(nullptr, req.stylesForRow(r)).c_str()).x);
            }
        }
        left += ImGui::GetStyle().ItemSpacing.x;
    }
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const GridLayout g = layoutGrid(ImVec2(avail.x - left, avail.y - top), rows, cols, res, state.integer_zoom);
    const ImVec2 start = ImGui::GetCursorScreenPos();
    // Whole pixels, so the canvas maps 1:1 onto the screen.
    const ImVec2 origin(std::floor(start.x + left + std::max(0.f, (avail.x - left - g.size.x) / 2)),
                        std::floor(start.y + top));
    ImGui::SetCursorScreenPos(origin);
    CanvasJob& job = canvases.image(CanvasId::Grid, g.size);
    state.canvas_min = ImGui::GetItemRectMin();
    state.canvas_max = ImGui::GetItemRectMax();
    state.layout = g;
    const bool hovered = ImGui::IsItemHovered();
    job.clear = ImGui::GetStyleColorVec4(ImGuiCol_WindowBg);

    // Tiles (a placeholder where nothing has been rendered yet).
    for (int r = -1; r < rows; ++r)
        for (int c = -1; c < cols; ++c) {
            if (r < 0 && c < 0) continue;
            const ImVec2 p0 = g.tileMin(r, c), p1(p0.x + g.tile, p0.y + g.tile);
            CanvasDraw d{PassKind::Tile, keyFor(r, c), {}, p0, p1};
            d.nearest = state.nearest;
            d.dim = in.dim ? in.dim(d.image) : 0.f;
            if (!canvases.has(d.image)) {
                d.pass = PassKind::Fill;
                d.color = ImVec4(0.17f, 0.17f, 0.2f, 1.f);
            }
            job.draws.push_back(d);
        }

    // Overlays: labels, the corner legend, selection and hover outlines.
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const ImU32 text = ImGui::GetColorU32(ImGuiCol_Text), dim_text = ImGui::GetColorU32(ImGuiCol_TextDisabled);
    auto at = [&](int r, int c) {
        const ImVec2 p = g.tileMin(r, c);
        return ImVec2(origin.x + p.x, origin.y + p.y);
    };
    if (state.labels) {
        for (int c = 0; c < cols; ++c) {   // clipped to the tile: narrow tiles must not run labels together
            const ImVec2 p(at(-1, c).x, origin.y - line);
            const ImVec4 clip(p.x, p.y, p.x + g.tile, p.y + line);
            const std::string label = "B " + std::to_string(req.cols[c].seed);
            draw->AddText(ImGui::GetFont(), ImGui::GetFontSize(), p, text, label.c_str(), nullptr, 0.f, &clip);
        }
        for (int r = 0; r < rows; ++r) {
            const ImVec2 p = at(r, -1);
            draw->AddText(ImVec2(origin.x - left, p.y), text, ("A " + std::to_string(req.rows[r].seed)).c_str());
            if (!req.row_styles.empty()) {
                draw->AddText(ImVec2(origin.x - left, p.y + line), dim_text, stylesText(nullptr, req.stylesForRow(r)).c_str());
            }
        }
    }
    if (g.tile >= ImGui::GetFontSize() * 3) {
        // "ws 3-9" and "(8²-64²)" on lines of their own: the corner is one tile wide.
        std::string styles = stylesText(in.facts, req.styles);
        if (const auto paren = styles.find(" ("); paren != std::string::npos) styles[paren] = '\n';
        const std::string corner = req.row_styles.empty() ? "B gives\n" + styles : std::string("B gives\nper-row\nbands");
        draw->PushClipRect(origin, ImVec2(origin.x + g.tile, origin.y + g.tile), true);
        draw->AddText(ImVec2(origin.x + 4, origin.y + 4), dim_text, corner.c_str());
        draw->PopClipRect();
    }
    auto outline = [&](int r, int c, ImU32 color, float thickness) {
        const ImVec2 p = at(r, c);
        draw->AddRect(ImVec2(p.x - 1, p.y - 1), ImVec2(p.x + g.tile + 1, p.y + g.tile + 1), color, 0, 0, thickness);
    };
    const LabSelection& sel = in.selected;
    if (sel.kind != LabSelection::Kind::None && sel.row < rows && sel.col < cols)
        outline(sel.kind == LabSelection::Kind::ColSource ? -1 : sel.row,
                sel.kind == LabSelection::Kind::RowSource ? -1 : sel.col, IM_COL32(255, 80, 80, 255), 2.f);

    if (hovered) {
        const ImVec2 m = ImGui::GetIO().MousePos;
        if (const auto hit = g.hit(ImVec2(m.x - origin.x, m.y - origin.y))) {
            const auto [r, c] = *hit;
            outline(r, c, IM_COL32(255, 255, 255, 220), 1.5f);
            if (r >= 0 && c >= 0) {   // light up the two sources of a cell
                outline(r, -1, IM_COL32(255, 255, 255, 110), 1.f);
                outline(-1, c, IM_COL32(255, 255, 255, 110), 1.f);
                const auto& s = req.stylesForRow(r);
                const char* band = s.empty() ? "" : bandName(bandOf(s.front(), s.back() + 1, in.facts->num_ws));
                ImGui::SetTooltip("A seed %llu (row %d) with B seed %llu (column %d)\nfrom B: %s - %s\nfrom A: the rest\n"
                                  "click: open in the noise lab",
                                  static_cast<unsigned long long>(req.rows[r].seed), r,
                                  static_cast<unsigned long long>(req.cols[c].seed), c,
                                  stylesText(in.facts, s).c_str(), band);
            } else {
                const Source& s = r < 0 ? req.cols[c] : req.rows[r];
                ImGui::SetTooltip("%s source seed %llu\nclick: open in the noise lab", r < 0 ? "Column (B)" : "Row (A)",
                                  static_cast<unsigned long long>(s.seed));
            }
            if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) events.open_in_lab = selectionFor(r, c);
        }
    }
    ImGui::PopID();
    return events;
}

}  // namespace stylemix::gui
