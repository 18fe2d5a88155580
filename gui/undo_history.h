// Undo / redo over snapshots of the edited state. The owner calls observe()
// once a frame with the state as it is now; a change is recorded only once
// the edit settles (no drag or typing in progress), so one drag, one typed
// value or one restored figure is one step. T needs a `same(a, b)` that says
// whether two snapshots show the same thing (free function, found by ADL).
#pragma once

#include <cstddef>
#include <deque>
#include <optional>
#include <utility>

namespace stylemix::gui {

template <class T>
class UndoHistory {
public:
    static constexpr std::size_t kMaxSteps = 200;

    // Forgets every step; `current` becomes the settled state (a new model).
    void reset(const T& current) {
        undo_.clear();
        redo_.clear();
        settled_ = current;
    }

    // Records a step when `current` differs from the settled state and no
    // edit is in progress. Returns true when a step was recorded.
    bool observe(const T& current, bool editing) {
        if (!settled_) settled_ = current;
        if (editing || same(*settled_, current)) return false;
        undo_.push_back(std::move(*settled_));
        if (undo_.size() > kMaxSteps) undo_.pop_front();
        redo_.clear();
        settled_ = current;
        return true;
    }

    bool canUndo() const { return !undo_.empty(); }
    bool canRedo() const { return !redo_.empty(); }
    // The snapshot undo() / redo() would go back to (for the menu's words).
    const T* undoTarget() const { return undo_.empty() ? nullptr : &undo_.back(); }
    const T* redoTarget() const { return redo_.empty() ? nullptr : &redo_.back(); }
    const T* settled() const { return settled_ ? &*settled_ : nullptr; }

    // The state to show after undoing the last step (nullopt: nothing to undo).
    std::optional<T> undo() { return step(undo_, redo_); }
    std::optional<T> redo() { return step(redo_, undo_); }

private:
    std::optional<T> step(std::deque<T>& from, std::deque<T>& to) {
        if (from.empty() || !settled_) return std::nullopt;
        to.push_back(std::move(*settled_));
        settled_ = std::move(from.back());
        from.pop_back();
        return settled_;
    }

    std::optional<T> settled_;
    std::deque<T> undo_, redo_;
};

}  // namespace stylemix::gui
