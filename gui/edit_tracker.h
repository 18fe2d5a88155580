// Undo / redo of every setting that changes what is shown (undo_history.h over
// edit_snapshot.h). A step is recorded once an edit settles: no widget active
// and no mouse button held, so a whole drag or a restored figure is one step.
// A new model starts a new history (its seeds, classes and layers may not fit
// the old steps). UI thread only.
#pragma once

#include "gui/edit_snapshot.h"
#include "gui/panels/panels.h"
#include "gui/undo_history.h"
#include "model/core/render_types.h"

#include <memory>

namespace stylemix::gui {

class EditTracker {
public:
    // Once a frame, after the panels drew. `editing`: a widget is active or a button held.
    void track(const Panels& panels, const std::shared_ptr<const ModelFacts>& model, bool editing);
    void undo(Panels& panels);
    void redo(Panels& panels);
    // The Edit menu ("Undo <what>", "Redo <what>").
    void drawMenu(Panels& panels);

private:
    UndoHistory<EditSnapshot> history_;
    std::shared_ptr<const ModelFacts> model_;   // the model history_ belongs to
};

}  // namespace stylemix::gui
