#include "gui/views/grid/grid_view.h"

#include "gui/widgets/labels.h"

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

float integerScale(float scale) {
    if (scale >= 1.f) return std::floor(scale);
    return 1.f / std::ceil(1.f / std::max(scale, 1e-3f));
}

GridLayout layoutGrid(ImVec2 avail, int rows, int cols, int resolution, float zoom, bool integer_zoom) {
    GridLayout g;
    g.rows = rows;
    g.cols = cols;
    const float fixed_x = g.header_gap + g.gap * std::max(cols - 1, 0);
    const float fixed_y = g.header_gap + g.gap * std::max(rows - 1, 0);
    const float fit = std::min((avail.x - fixed_x) / (cols + 1), (avail.y - fixed_y) / (rows + 1));
    float tile = fit;
    if (resolution > 0) {
        float scale = zoom > 0 ? zoom : std::max(fit / resolution, 1.f);
        if (integer_zoom) scale = integerScale(scale);
        tile = resolution * scale;
    }
    g.tile = std::floor(std::max(tile, 8.f));
    g.size = ImVec2(g.tile * (cols + 1) + fixed_x, g.tile * (rows + 1) + fixed_y);
    return g;
}

namespace {

ImageKey keyFor(int r, int c) {
    if (r < 0) return {GridSlot::ColSource, 0, c};
    if (c < 0) return {GridSlot::RowSource, r, 0};
    return {GridSlot::Cell, r, c};
}

LabSelection selectionFor(int r, int c) {
    if (r < 0) return {LabSelection::Kind::ColSource, 0, c};
    if (c < 0) return {LabSelection::Kind::RowSource, r, 0};
    return {LabSelection::Kind::Cell, r, c};
}

// Lays items out left to right and wraps before one that would not fit.
struct Flow {
    float avail, x = 0;
    bool first = true;
    void next(float width) {
        const float spacing = ImGui::GetStyle().ItemSpacing.x;
        if (!first && x + spacing + width <= avail) {
            ImGui::SameLine();
            x += spacing + width;
        } else {
            x = width;
        }
        first = false;
    }
};

float checkWidth(const char* label) {
    return ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize(label).x;
}
float buttonWidth(const char* label) { return ImGui::CalcTextSize(label).x + ImGui::GetStyle().FramePadding.x * 2; }

void toolbar(GridViewState& state, const GridViewInput& in, float shown_scale, GridViewEvents& events) {
    Flow flow{ImGui::GetContentRegionAvail().x};
    flow.next(checkWidth("Labels"));
    ImGui::Checkbox("Labels", &state.labels);
    int filter = state.nearest ? 0 : 1;
    flow.next(checkWidth("Nearest"));
    ImGui::RadioButton("Nearest", &filter, 0);
    flow.next(checkWidth("Linear"));
    ImGui::RadioButton("Linear", &filter, 1);
    state.nearest = filter == 0;
    flow.next(checkWidth("Integer zoom"));
    ImGui::Checkbox("Integer zoom", &state.integer_zoom);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Tiles at whole multiples of the model's pixels (x1, x2, ... or 1/2, 1/3, ...)");
    // Zoom: Fit, or a scale (Ctrl+wheel over the grid).
    const float slider_w = ImGui::GetFontSize() * 7;
    flow.next(buttonWidth("Fit") + ImGui::GetStyle().ItemSpacing.x + slider_w);
    const bool fit = state.zoom <= 0;
    if (fit) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
    if (ImGui::Button("Fit")) state.zoom = 0;
    if (fit) ImGui::PopStyleColor();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Fit the grid to the view, never below the model's pixel size (then scroll)");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(slider_w);
    float scale = shown_scale;
    if (ImGui::SliderFloat("##zoom", &scale, GridViewState::kMinZoom, GridViewState::kMaxZoom, "zoom x%.2f",
                           ImGuiSliderFlags_Logarithmic))
        state.zoom = scale;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Tile zoom (Ctrl+wheel over the grid); right- or middle-drag pans");
    flow.next(buttonWidth("Export..."));
    if (ImGui::Button("Export...")) events.export_clicked = true;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Save the grid, noise-lab figure or std-dev map (Ctrl+S)");
    if (in.rendering) {
        flow.next(ImGui::GetFontSize() * 8);
        ImGui::ProgressBar(in.progress, ImVec2(ImGui::GetFontSize() * 8, 0), "rendering...");
    }
}

// The source a source tile (row -1 or column -1) shows; nullopt for a cell.
std::optional<std::pair<SourceSide, int>> sourceTile(int r, int c) {
    if (r < 0) return std::make_pair(SourceSide::Cols, c);
    if (c < 0) return std::make_pair(SourceSide::Rows, r);
    return std::nullopt;
}

const Source* sourceIn(const MixRequest& req, SourceSide side, int i) {
    const std::vector<Source>& list = side == SourceSide::Rows ? req.rows : req.cols;
    return i >= 0 && i < static_cast<int>(list.size()) ? &list[i] : nullptr;
}

// A row's label, at most 8 em wide (a long W file name is elided;
// the full label shows on hover), so the rows' margin leaves the grid its room.
std::string rowLabel(const Source& source) {
    return fitText(sourceLabel("A", source), ImGui::GetFontSize() * 8);
}

double snapToHundredths(double v) { return std::round(v * 100.0) / 100.0; }

// A left-drag on a source tile that has a position (a seed or a latent
// position) moves it; a press released without moving is a click (the lab).
// `hit`: the tile under the mouse, if any, this frame.
void dragSource(GridViewState& state, const GridViewInput& in, std::optional<std::pair<int, int>> hit,
                GridViewEvents& events) {
    const ImGuiIO& io = ImGui::GetIO();
    if (!state.source_drag && hit && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
        const auto tile = sourceTile(hit->first, hit->second);
        const Source* s = tile ? sourceIn(*in.request, tile->first, tile->second) : nullptr;
        if (const auto at = s ? sourcePosition(*s) : std::nullopt)
            state.source_drag = SourceDrag{tile->first, tile->second, at->first, at->second, io.MousePos, false};
    }
    if (!state.source_drag) return;
    SourceDrag& d = *state.source_drag;
    const ImVec2 delta = ImGui::IsMousePosValid() ? ImVec2(io.MousePos.x - d.press.x, io.MousePos.y - d.press.y) : ImVec2(0, 0);
    if (delta.x * delta.x + delta.y * delta.y >= io.MouseDragThreshold * io.MouseDragThreshold) d.moved = true;
    if (ImGui::IsMouseDown(ImGuiMouseButton_Left)) {
        if (d.moved)
            events.move_source = SourceMove{d.side, d.index, snapToHundredths(d.x0 + delta.x / kPixelsPerUnit),
                                            snapToHundredths(d.y0 + delta.y / kPixelsPerUnit), false};
        return;
    }
    if (!d.moved && in.facts->hasNoise())
        events.open_in_lab = d.side == SourceSide::Rows ? LabSelection{LabSelection::Kind::RowSource, d.index, 0}
                                                        : LabSelection{LabSelection::Kind::ColSource, 0, d.index};
    state.source_drag.reset();
}

// After a press on the grid (until a press elsewhere), the arrow keys move the
// hovered source tile's source (else the selected one's) by kNudgeStep (Shift:
// kNudgeStepShift); not while typing.
void nudgeSource(GridViewState& state, const GridViewInput& in, std::optional<std::pair<int, int>> hovered,
                 GridViewEvents& events) {
    const ImGuiIO& io = ImGui::GetIO();
    if (ImGui::IsMouseClicked(ImGuiMouseButton_Left) || ImGui::IsMouseClicked(ImGuiMouseButton_Right))
        state.has_keys = ImGui::IsWindowHovered();   // the grid's view (a child window) or anything else
    if (io.WantTextInput || !state.has_keys) return;
    std::optional<std::pair<SourceSide, int>> tile = hovered ? sourceTile(hovered->first, hovered->second) : std::nullopt;
    if (!hovered && in.selected.kind == LabSelection::Kind::RowSource) tile = std::make_pair(SourceSide::Rows, in.selected.row);
    if (!hovered && in.selected.kind == LabSelection::Kind::ColSource) tile = std::make_pair(SourceSide::Cols, in.selected.col);
    const Source* s = tile ? sourceIn(*in.request, tile->first, tile->second) : nullptr;
    if (!s || !sourcePosition(*s)) return;
    const double step = io.KeyShift ? kNudgeStepShift : kNudgeStep;
    const auto pressed = [](ImGuiKey key) { return ImGui::IsKeyPressed(ImGui::GetKeyIndex(key)); };
    const double dx = pressed(ImGuiKey_RightArrow) ? step : pressed(ImGuiKey_LeftArrow) ? -step : 0.0;
    const double dy = pressed(ImGuiKey_DownArrow) ? step : pressed(ImGuiKey_UpArrow) ? -step : 0.0;
    if (dx != 0 || dy != 0) events.move_source = SourceMove{tile->first, tile->second, dx, dy, true};
}

// The open tile's right-click menu; the chosen entry goes to state.tile_action.
void tileMenuPopup(GridViewState& state, const GridViewInput& in) {
    if (!ImGui::BeginPopup("tile-menu")) return;
    const MixRequest& req = *in.request;
    ImGui::TextDisabled("%s", tileSeedsText(state.menu_tile, req).c_str());
    ImGui::Separator();
    for (const TileActionKind kind : tileMenu(state.menu_tile, in.facts->hasNoise())) {
        const bool blocked = kind == TileActionKind::SaveImage && !in.save_tile_blocked.empty();
        if (ImGui::MenuItem(tileActionLabel(kind, state.menu_tile, req).c_str(), nullptr, false, !blocked))
            state.tile_action = TileAction{kind, state.menu_tile};
        if (!ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) continue;
        if (blocked) ImGui::SetTooltip("%s", in.save_tile_blocked.c_str());
        else if (kind == TileActionKind::SaveImage)
            ImGui::SetTooltip("Writes stylemix-image-NNN.png and its .json \"image\" recipe into the export folder;\n"
                              "`stylemix render` re-renders this one image from it.");
        else if (kind == TileActionKind::CopySeeds)
            ImGui::SetTooltip("Copies the seeds and ws as text (the clipboard holds no images here).");
        else if (kind == TileActionKind::SaveWs)
            ImGui::SetTooltip("Writes stylemix-ws-NNN.npz into the export folder: the ws this tile renders from\n"
                              "(a cell: A's ws with B's styles, truncated as rendered), as NVIDIA's projector\n"
                              "writes them; add it back with \"Add W file...\" or `--rows FILE`.");
        else if (kind == TileActionKind::InterpolateFrom || kind == TileActionKind::InterpolateTo)
            ImGui::SetTooltip("Opens the interpolation strip under the grid with this source as its %s end.",
                              kind == TileActionKind::InterpolateFrom ? "first" : "last");
        else if (kind == TileActionKind::ShowInfluence)
            ImGui::SetTooltip("Opens the Influence view on this cell: where its mix differs from A and from B, pixel by\n"
                              "pixel, and the same for the coarse, middle and fine bands.");
        else if (kind == TileActionKind::ShowLayers)
            ImGui::SetTooltip("Opens the Layers view on this tile: its activations at any layer of the generator\n"
                              "(a cell: A, B and the mix side by side).");
    }
    ImGui::EndPopup();
}

// Labels, the corner legend, the selection and hover outlines, the hover
// tooltip, the click that opens the lab, source drags and nudges. `origin` is
// tile (-1,-1) on screen.
void overlays(GridViewState& state, const GridViewInput& in, const GridLayout& g, ImVec2 origin, float left,
              bool hovered, GridViewEvents& events) {
    const MixRequest& req = *in.request;
    const int rows = g.rows, cols = g.cols;
    const float line = ImGui::GetTextLineHeightWithSpacing();
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const ImU32 text = ImGui::GetColorU32(ImGuiCol_Text), dim_text = ImGui::GetColorU32(ImGuiCol_TextDisabled);
    auto at = [&](int r, int c) {
        const ImVec2 p = g.tileMin(r, c);
        return ImVec2(origin.x + p.x, origin.y + p.y);
    };
    if (state.labels) {
        // Each label fits its tile (columnLabel shortens it): narrow tiles never run labels
        // together; a shortened one shows in full on hover.
        const ImVec2 m = ImGui::GetIO().MousePos;
        const bool over_view = ImGui::IsWindowHovered();
        for (int c = 0; c < cols; ++c) {
            const ImVec2 p(at(-1, c).x, origin.y - line);
            const std::string label = columnLabel(req.cols[c], g.tile);
            draw->AddText(p, text, label.c_str());
            const bool over = m.x >= p.x && m.x < p.x + g.tile && m.y >= p.y && m.y < p.y + line;
            if (over_view && over && label != sourceLabel("B", req.cols[c]))
                ImGui::SetTooltip("%s", sourceLabel("B", req.cols[c]).c_str());
        }
        for (int r = 0; r < rows; ++r) {
            const ImVec2 p = at(r, -1);
            const std::string label = rowLabel(req.rows[r]);
            const ImVec2 at_label(origin.x - left, p.y);
            draw->AddText(at_label, text, label.c_str());
            const bool over = m.x >= at_label.x && m.x < origin.x && m.y >= p.y && m.y < p.y + line;
            if (over_view && over && label != sourceLabel("A", req.rows[r]))
                ImGui::SetTooltip("%s", sourceLabel("A", req.rows[r]).c_str());
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

    std::optional<std::pair<int, int>> hovered_tile;
    if (hovered) {
        const ImVec2 m = ImGui::GetIO().MousePos;
        hovered_tile = g.hit(ImVec2(m.x - origin.x, m.y - origin.y));
    }
    dragSource(state, in, hovered_tile, events);
    nudgeSource(state, in, hovered_tile, events);
    if (hovered) {
        if (const auto hit = hovered_tile) {
            const auto [r, c] = *hit;
            outline(r, c, IM_COL32(255, 255, 255, 220), 1.5f);
            if (r >= 0 && c >= 0) {   // light up the two sources of a cell
                outline(r, -1, IM_COL32(255, 255, 255, 110), 1.f);
                outline(-1, c, IM_COL32(255, 255, 255, 110), 1.f);
                const auto& s = req.stylesForRow(r);
                const char* band = s.empty() ? "" : bandName(bandOf(s, *in.facts));
                ImGui::SetTooltip("A %s (row %d) with B %s (column %d)\nfrom B: %s - %s\nfrom A: the rest%s",
                                  req.rows[r].label().c_str(), r, req.cols[c].label().c_str(), c,
                                  stylesText(in.facts, s).c_str(), band,
                                  in.facts->hasNoise() ? "\nclick: open in the noise lab\nright-click: more" : "\nright-click: more");
            } else {
                const Source& s = r < 0 ? req.cols[c] : req.rows[r];
                ImGui::SetTooltip("%s source %s%s%s", r < 0 ? "Column (B)" : "Row (A)", s.label().c_str(),
                                  sourcePosition(s) ? "\ndrag: move it on the latent plane; arrow keys: nudge it (Shift: x10)" : "",
                                  in.facts->hasNoise() ? "\nclick: open in the noise lab\nright-click: more" : "\nright-click: more");
            }
            // A cell (or a W array's tile, which cannot move) opens the lab on the press; a movable
            // source's tile on a release without a drag (dragSource).
            const bool movable = r < 0 || c < 0 ? sourcePosition(r < 0 ? req.cols[c] : req.rows[r]).has_value() : false;
            if (ImGui::IsMouseClicked(ImGuiMouseButton_Left) && in.facts->hasNoise() && !movable)
                events.open_in_lab = selectionFor(r, c);
            // A right-click that did not pan opens the tile's menu.
            const ImGuiIO& io = ImGui::GetIO();
            if (ImGui::IsMouseReleased(ImGuiMouseButton_Right) &&
                io.MouseDragMaxDistanceSqr[ImGuiMouseButton_Right] < io.MouseDragThreshold * io.MouseDragThreshold) {
                state.menu_tile = selectionFor(r, c);
                ImGui::OpenPopup("tile-menu");
            }
        }
    }
}

}  // namespace

GridViewEvents drawGridView(GridViewState& state, const GridViewInput& in, CanvasFrame& canvases) {
    GridViewEvents events;
    state.header_min = state.header_max = ImVec2(0, 0);
    ImGui::PushID("grid");
    const int res = in.facts ? in.facts->img_resolution : 0;
    const MixRequest* req_ptr = in.facts ? in.request : nullptr;
    const int rows = req_ptr ? static_cast<int>(req_ptr->rows.size()) : 0;
    const int cols = req_ptr ? static_cast<int>(req_ptr->cols.size()) : 0;
    const float line = ImGui::GetTextLineHeightWithSpacing();

    // Label margins: seeds above the columns, seeds (and bands) left of the rows.
    float left = 0, top = 0;
    if (state.labels && req_ptr) {
        top = line;
        for (int r = 0; r < rows; ++r) {
            left = std::max(left, ImGui::CalcTextSize(rowLabel(req_ptr->rows[r]).c_str()).x);
            if (!req_ptr->row_styles.empty())
                left = std::max(left, ImGui::CalcTextSize(stylesText(nullptr, req_ptr->stylesForRow(r)).c_str()).x);
        }
        left += ImGui::GetStyle().ItemSpacing.x;
    }
    // The toolbar shows the scale the layout will use, so lay out first with
    // the space the toolbar leaves on a wide view, then for real below it.
    const ImVec2 whole = ImGui::GetContentRegionAvail();
    const float toolbar_h = ImGui::GetFrameHeightWithSpacing();
    const GridLayout probe = layoutGrid(ImVec2(whole.x - left, whole.y - toolbar_h - top), std::max(rows, 1),
                                        std::max(cols, 1), res, state.zoom, state.integer_zoom);
    toolbar(state, in, res > 0 ? probe.tile / res : 1.f, events);
    if (!in.facts || !in.request) {
        if (in.rendering) ImGui::TextDisabled("Loading the model...");
        else ImGui::TextWrapped("No model loaded: open one (Ctrl+O), type a path in the Model panel, drop a model file or "
                                "a StyleMix PNG / recipe onto the window, or pick a recent one.");
        ImGui::PopID();
        return events;
    }
    if (rows == 0 || cols == 0) {
        ImGui::TextDisabled("No sources.");
        ImGui::PopID();
        return events;
    }

    // A scrolling view over the grid; the canvas covers only its visible part.
    const ImGuiIO& io = ImGui::GetIO();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float scrollbar = ImGui::GetStyle().ScrollbarSize;
    GridLayout g = layoutGrid(ImVec2(avail.x - left, avail.y - top), rows, cols, res, state.zoom, state.integer_zoom);
    if (left + g.size.x > avail.x || top + g.size.y > avail.y)   // scrollbars will take room: fit inside them
        g = layoutGrid(ImVec2(avail.x - left - scrollbar, avail.y - top - scrollbar), rows, cols, res, state.zoom,
                       state.integer_zoom);
    const ImVec2 content(left + g.size.x, top + g.size.y);
    const bool ctrl_wheel = io.KeyCtrl && io.MouseWheel != 0;
    ImGui::BeginChild("grid-view", avail, false,
                      ImGuiWindowFlags_HorizontalScrollbar | ImGuiWindowFlags_NoBackground |
                          (io.KeyCtrl ? ImGuiWindowFlags_NoScrollWithMouse : 0));
    const ImVec2 view = ImGui::GetContentRegionAvail();
    const ImVec2 scroll(ImGui::GetScrollX(), ImGui::GetScrollY());
    const ImVec2 window_pos = ImGui::GetCursorScreenPos();   // content (0,0) on screen, scroll included
    ImGui::Dummy(content);                                   // the scroll range
    const bool view_hovered = ImGui::IsWindowHovered();
    // Pan with the right or middle button; zoom with Ctrl+wheel about the pointer.
    if (view_hovered && (ImGui::IsMouseDragging(ImGuiMouseButton_Right, 0.f) ||
                         ImGui::IsMouseDragging(ImGuiMouseButton_Middle, 0.f))) {
        ImGui::SetScrollX(scroll.x - io.MouseDelta.x);
        ImGui::SetScrollY(scroll.y - io.MouseDelta.y);
    }
    if (view_hovered && ctrl_wheel && res > 0) {
        const float old_scale = g.tile / res;
        const float new_scale = std::clamp(old_scale * std::pow(1.25f, io.MouseWheel), GridViewState::kMinZoom,
                                           GridViewState::kMaxZoom);
        state.zoom = new_scale;
        const ImVec2 m(io.MousePos.x - window_pos.x, io.MousePos.y - window_pos.y);   // content coordinates
        const float k = new_scale / old_scale;
        ImGui::SetScrollX(m.x * k - (m.x - scroll.x));
        ImGui::SetScrollY(m.y * k - (m.y - scroll.y));
    }
    // Centre a grid smaller than the view; whole pixels, so the canvas maps 1:1 onto the screen.
    const float pad_x = std::max(0.f, std::floor((view.x - content.x) / 2));
    const ImVec2 origin(std::floor(window_pos.x + pad_x + left), std::floor(window_pos.y + top));   // tile (-1,-1)
    const ImVec2 vis0(std::max(window_pos.x + scroll.x, origin.x), std::max(window_pos.y + scroll.y, origin.y));
    const ImVec2 vis1(std::min(window_pos.x + scroll.x + view.x, origin.x + g.size.x),
                      std::min(window_pos.y + scroll.y + view.y, origin.y + g.size.y));
    ImGui::SetCursorScreenPos(vis0);
    CanvasJob& job = canvases.image(GridSlot::Canvas, ImVec2(std::max(vis1.x - vis0.x, 1.f), std::max(vis1.y - vis0.y, 1.f)));
    const ImVec2 shift(origin.x - vis0.x, origin.y - vis0.y);   // grid -> canvas coordinates
    state.canvas_min = origin;
    state.canvas_max = ImVec2(origin.x + g.size.x, origin.y + g.size.y);
    state.layout = g;
    // The header strip (labels above the column sources included), clipped to the visible view.
    const ImVec2 view_min(window_pos.x + scroll.x, window_pos.y + scroll.y);
    state.header_min = ImVec2(std::max(origin.x, view_min.x), std::max(origin.y - top, view_min.y));
    state.header_max = ImVec2(std::min(origin.x + g.size.x, view_min.x + view.x), std::min(origin.y + g.tile, view_min.y + view.y));
    const bool hovered = ImGui::IsItemHovered();
    job.clear = ImGui::GetStyleColorVec4(ImGuiCol_WindowBg);

    // Tiles (a placeholder where nothing has been rendered yet).
    for (int r = -1; r < rows; ++r)
        for (int c = -1; c < cols; ++c) {
            if (r < 0 && c < 0) continue;
            const ImVec2 t = g.tileMin(r, c);
            const ImVec2 p0(t.x + shift.x, t.y + shift.y), p1(p0.x + g.tile, p0.y + g.tile);
            if (p1.x <= 0 || p1.y <= 0 || p0.x >= job.size.x || p0.y >= job.size.y) continue;   // scrolled away
            CanvasDraw d{PassKind::Tile, keyFor(r, c), {}, p0, p1};
            d.nearest = state.nearest;
            d.dim = in.dim ? in.dim(d.image) : 0.f;
            if (!canvases.has(d.image)) {
                d.pass = PassKind::Fill;
                d.color = ImVec4(0.17f, 0.17f, 0.2f, 1.f);
            }
            job.draws.push_back(d);
        }

    overlays(state, in, g, origin, left, hovered, events);
    tileMenuPopup(state, in);
    ImGui::EndChild();
    ImGui::PopID();
    return events;
}

}  // namespace stylemix::gui
