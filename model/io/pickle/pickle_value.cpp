#include "model/io/pickle/pickle_value.h"

#include <limits>

namespace stylemix::pickle {

std::size_t PickleLimits::budgetFor(std::size_t input_size) const {
    const std::size_t max = std::numeric_limits<std::size_t>::max();
    if (budget_per_input_byte != 0 && input_size > (max - budget_base_bytes) / budget_per_input_byte) return max;
    return budget_base_bytes + budget_per_input_byte * input_size;
}

const char* kindName(Kind kind) {
    switch (kind) {
        case Kind::None: return "None";
        case Kind::Bool: return "bool";
        case Kind::Int: return "int";
        case Kind::BigInt: return "int (wider than 64 bits)";
        case Kind::Float: return "float";
        case Kind::Str: return "str";
        case Kind::Bytes: return "bytes";
        case Kind::Tuple: return "tuple";
        case Kind::List: return "list";
        case Kind::Dict: return "dict";
        case Kind::Set: return "set";
        case Kind::Global: return "global";
        case Kind::Object: return "object";
        case Kind::Storage: return "torch storage";
    }
    return "?";
}

bool Value::isCallOf(GlobalId id) const {
    return kind == Kind::Object && callable != nullptr && callable->global != nullptr && callable->global->id == id;
}

const Value* Value::find(const std::string& key) const {
    for (auto it = entries.rbegin(); it != entries.rend(); ++it) {
        if (it->first->kind == Kind::Str && it->first->text == key) return it->second;
    }
    return nullptr;
}

std::string describe(const Value* value) {
    if (value == nullptr) return "nothing";
    switch (value->kind) {
        case Kind::Global: return "global " + value->text;
        case Kind::Object: return "object built by " + (value->callable ? value->callable->text : std::string("?"));
        case Kind::Str: {
            const std::size_t kShown = 40;
            std::string shown = value->text.substr(0, kShown);
            return "str '" + shown + (value->text.size() > kShown ? "...'" : "'");
        }
        case Kind::Int: return "int " + std::to_string(value->integer);
        default: return kindName(value->kind);
    }
}

Value* ValueArena::make(Kind kind) {
    charge(sizeof(Value) + sizeof(void*), "values");
    values_.push_back(std::make_unique<Value>());
    values_.back()->kind = kind;
    return values_.back().get();
}

const std::uint8_t* ValueArena::keep(std::vector<std::uint8_t> data) {
    charge(data.size() + sizeof(data), "bytes");
    owned_.push_back(std::make_unique<std::vector<std::uint8_t>>(std::move(data)));
    return owned_.back()->data();
}

void ValueArena::charge(std::size_t bytes, const char* what) {
    if (bytes > budget_ - used_) {
        throw LimitError("allocation limit reached while allocating " + std::string(what) + ": " +
                         std::to_string(used_) + " bytes used, " + std::to_string(bytes) + " more requested, limit " +
                         std::to_string(budget_) + " bytes (scaled to the file size)");
    }
    used_ += bytes;
}

}  // namespace stylemix::pickle
