#include "model/io/pickle/torch_tensor.h"

#include "model/io/message_text.h"

#include <cstring>
#include <limits>

#include "model/io/pickle/torch_legacy_storage.h"

namespace stylemix::pickle {

namespace {

// Bytes that would not fit the arithmetic below are refused long before.
constexpr std::int64_t kMaxElements = std::int64_t{1} << 48;

}  // namespace

bool TorchTensorReader::isTensor(const Value* v) {
    return v != nullptr && (v->isCallOf(GlobalId::RebuildTensorV2) || v->isCallOf(GlobalId::RebuildParameter) ||
                            v->isCallOf(GlobalId::RebuildParameterWithState));
}

const Value* TorchTensorReader::storageOf(const Value* v, const std::string& what) {
    if (v->kind == Kind::Storage) return v;
    if (!v->isCallOf(GlobalId::LoadFromBytes)) {
        throw PickleError(file_.source + ": " + what + ": expected a torch storage (torch.storage._load_from_bytes), found " +
                          describe(v));
    }
    auto it = loaded_.find(v);
    if (it != loaded_.end()) return it->second;
    const auto& a = v->args->items;
    if (a.size() != 1 || a[0]->kind != Kind::Bytes) {
        throw PickleError(file_.source + ": " + what + ": torch.storage._load_from_bytes expects one bytes argument");
    }
    // The bytes are a view of the file, so their position is the file offset.
    const auto at = reinterpret_cast<std::uintptr_t>(a[0]->bytes);
    const auto begin = reinterpret_cast<std::uintptr_t>(file_.data);
    const bool in_file = at >= begin && at - begin <= file_.size;   // else a decoded copy
    PickleInput nested{a[0]->bytes, a[0]->nbytes, in_file ? file_.base_offset + (at - begin) : 0,
                       file_.source + ": " + what};
    const LegacyTorchStream stream = parseTorchLegacyStream(nested, arena_, limits_);
    if (stream.object->kind != Kind::Storage) {
        throw PickleError(nested.source + ": the torch.save stream holds " + describe(stream.object) + ", expected a storage");
    }
    loaded_[v] = stream.object;
    return stream.object;
}

RawTensor TorchTensorReader::read(const Value* v, const std::string& what) {
    auto fail = [&](const std::string& msg) -> PickleError { return PickleError(file_.source + ": " + what + ": " + msg); };
    if (v->isCallOf(GlobalId::RebuildParameter) || v->isCallOf(GlobalId::RebuildParameterWithState)) {
        // Parameter(data, requires_grad, hooks[, state]): only `data` matters.
        const std::size_t want = v->isCallOf(GlobalId::RebuildParameter) ? 3 : 4;
        if (v->args->items.size() != want) {
            throw fail(v->callable->text + " expects " + std::to_string(want) + " arguments, found " +
                       std::to_string(v->args->items.size()));
        }
        v = v->args->items[0];
        if (!v->isCallOf(GlobalId::RebuildTensorV2)) throw fail("parameter data is " + describe(v) + ", expected a tensor");
    }
    if (!v->isCallOf(GlobalId::RebuildTensorV2)) throw fail("expected a tensor, found " + describe(v));

    // (storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])
    const auto& a = v->args->items;
    if (a.size() != 6 && a.size() != 7) {
        throw fail("_rebuild_tensor_v2 expects 6 or 7 arguments, found " + std::to_string(a.size()));
    }
    const StorageInfo& storage = *storageOf(a[0], what)->storage;
    if (a[1]->kind != Kind::Int || a[1]->integer < 0) throw fail("storage offset is " + describe(a[1]) + ", expected an int >= 0");
    if (a[2]->kind != Kind::Tuple) throw fail("size is " + describe(a[2]) + ", expected a tuple");
    if (a[3]->kind != Kind::Tuple) throw fail("stride is " + describe(a[3]) + ", expected a tuple");
    const auto& size = a[2]->items;
    const auto& stride = a[3]->items;
    if (size.size() != stride.size()) {
        throw fail("size has " + std::to_string(size.size()) + " dimensions but stride has " + std::to_string(stride.size()));
    }

    RawTensor t;
    t.dtype = storage.dtype;
    std::int64_t numel = 1;
    std::vector<std::int64_t> strides;
    for (std::size_t d = 0; d < size.size(); ++d) {
        if (size[d]->kind != Kind::Int || size[d]->integer < 0 || size[d]->integer > kMaxElements) {
            throw fail("size[" + std::to_string(d) + "] is " + describe(size[d]) + ", expected an int in [0, 2^48]");
        }
        if (stride[d]->kind != Kind::Int || stride[d]->integer < 0 || stride[d]->integer > kMaxElements) {
            throw fail("stride[" + std::to_string(d) + "] is " + describe(stride[d]) + ", expected an int in [0, 2^48]");
        }
        t.shape.push_back(size[d]->integer);
        strides.push_back(stride[d]->integer);
        numel = size[d]->integer == 0 ? 0 : (numel > kMaxElements / size[d]->integer ? kMaxElements + 1 : numel * size[d]->integer);
        if (numel > kMaxElements) throw fail("more than 2^48 elements");
    }
    if (numel == 0) return t;
    // Highest element index the view touches, checked term by term so the
    // products cannot overflow.
    std::int64_t last = a[1]->integer;
    auto outside = [&]() {
        return fail("storage offset " + std::to_string(a[1]->integer) + ", size and stride reach beyond the " +
                    std::to_string(storage.numel) + " elements of storage " + quoteText(storage.key));
    };
    if (last >= storage.numel) throw outside();
    for (std::size_t d = 0; d < size.size(); ++d) {
        const std::int64_t extent = t.shape[d] - 1;
        if (extent == 0 || strides[d] == 0) continue;
        if (strides[d] > (storage.numel - 1 - last) / extent) throw outside();
        last += extent * strides[d];
    }

    const std::size_t elem = dtypeSize(storage.dtype);
    const std::size_t nbytes = static_cast<std::size_t>(numel) * elem;
    arena_.charge(nbytes, "tensor data");
    t.bytes.resize(nbytes);
    const std::uint8_t* src = storageData(storage) + static_cast<std::size_t>(a[1]->integer) * elem;

    // Contiguous (row-major) layouts copy in one go; views walk an index.
    bool contiguous = true;
    std::int64_t expect = 1;
    for (std::size_t d = size.size(); d-- > 0;) {
        if (t.shape[d] != 1 && strides[d] != expect) contiguous = false;
        expect *= t.shape[d];
    }
    if (contiguous) {
        std::memcpy(t.bytes.data(), src, nbytes);
        return t;
    }
    std::vector<std::int64_t> index(size.size(), 0);
    for (std::int64_t i = 0; i < numel; ++i) {
        std::int64_t off = 0;
        for (std::size_t d = 0; d < size.size(); ++d) off += index[d] * strides[d];
        std::memcpy(t.bytes.data() + static_cast<std::size_t>(i) * elem, src + static_cast<std::size_t>(off) * elem, elem);
        for (std::size_t d = size.size(); d-- > 0;) {
            if (++index[d] < t.shape[d]) break;
            index[d] = 0;
        }
    }
    return t;
}

}  // namespace stylemix::pickle
