#include "model/io/pickle/torch_legacy_storage.h"

#include "model/io/message_text.h"

#include <cstring>
#include <map>
#include <set>

namespace stylemix::pickle {

namespace {

// torch.serialization.MAGIC_NUMBER (0x1950a86a20f9469cfc6c) as pickle's LONG1
// writes it: little-endian two's complement.
constexpr std::uint8_t kMagic[] = {0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19};
constexpr std::int64_t kProtocolVersion = 1001;

class StreamReader {
public:
    StreamReader(const PickleInput& in, ValueArena& arena, const PickleLimits& limits)
        : in_(in), arena_(arena), limits_(limits) {}

    LegacyTorchStream read();

private:
    [[noreturn]] void fail(std::size_t offset, const std::string& msg) const {
        throw PickleError(in_.source + ": offset " + std::to_string(in_.base_offset + offset) +
                          ": legacy torch.save stream: " + msg);
    }
    Value* persistentLoad(const Value* pid, std::size_t file_offset);
    [[noreturn]] void failPid(std::size_t file_offset, const std::string& msg) const {
        throw PickleError(in_.source + ": offset " + std::to_string(file_offset) +
                          ": legacy torch.save stream: storage persistent id: " + msg);
    }

    const PickleInput& in_;
    ValueArena& arena_;
    const PickleLimits& limits_;
    std::map<std::string, Value*> roots_;   // storage key -> root storage
    std::map<std::string, Value*> views_;   // view key -> view storage
};

Value* StreamReader::persistentLoad(const Value* pid, std::size_t off) {
    // ('storage', torch.XStorage, key, location, numel, view_metadata)
    if (pid->kind != Kind::Tuple || pid->items.size() != 6) {
        failPid(off, "expected a 6-tuple ('storage', type, key, location, numel, view), found " + describe(pid) +
                     (pid->kind == Kind::Tuple ? " of " + std::to_string(pid->items.size()) + " items" : ""));
    }
    const auto& f = pid->items;
    if (f[0]->kind != Kind::Str || f[0]->text != "storage") failPid(off, "expected tag 'storage', found " + describe(f[0]));
    if (f[1]->kind != Kind::Global || f[1]->global->id != GlobalId::StorageType) {
        failPid(off, "expected a torch storage type, found " + describe(f[1]));
    }
    if (f[2]->kind != Kind::Str) failPid(off, "expected a str key, found " + describe(f[2]));
    if (f[3]->kind != Kind::Str) failPid(off, "expected a str location, found " + describe(f[3]));
    if (f[4]->kind != Kind::Int || f[4]->integer < 0) failPid(off, "expected a non-negative element count, found " + describe(f[4]));
    const DType dtype = f[1]->global->dtype;
    const std::string& key = f[2]->text;

    Value*& root = roots_[key];
    if (root == nullptr) {
        root = arena_.make(Kind::Storage);
        arena_.charge(sizeof(StorageInfo) + key.size(), "storages");
        root->storage = std::make_unique<StorageInfo>();
        root->storage->dtype = dtype;
        root->storage->key = key;
        root->storage->numel = f[4]->integer;
    } else if (root->storage->dtype != dtype || root->storage->numel != f[4]->integer) {
        failPid(off, "storage " + quoteText(key) + " declared again as " + std::to_string(f[4]->integer) + " x " +
                     dtypeName(dtype) + ", first as " + std::to_string(root->storage->numel) + " x " +
                     dtypeName(root->storage->dtype));
    }
    if (f[5]->kind == Kind::None) return root;

    // Older torch wrote views of a storage as (view_key, offset, numel).
    const Value* view = f[5];
    if (view->kind != Kind::Tuple || view->items.size() != 3 || view->items[0]->kind != Kind::Str ||
        view->items[1]->kind != Kind::Int || view->items[2]->kind != Kind::Int) {
        failPid(off, "expected view metadata (key, offset, numel) or None, found " + describe(view));
    }
    const std::int64_t voff = view->items[1]->integer;
    const std::int64_t vnum = view->items[2]->integer;
    if (voff < 0 || vnum < 0 || voff > root->storage->numel || vnum > root->storage->numel - voff) {
        failPid(off, "view [" + std::to_string(voff) + ", +" + std::to_string(vnum) + ") exceeds storage " + quoteText(key) + " of " + std::to_string(root->storage->numel) + " elements");
    }
    Value*& v = views_[view->items[0]->text];
    if (v == nullptr) {
        v = arena_.make(Kind::Storage);
        arena_.charge(sizeof(StorageInfo), "storages");
        v->storage = std::make_unique<StorageInfo>();
        v->storage->dtype = dtype;
        v->storage->key = view->items[0]->text;
        v->storage->numel = vnum;
        v->storage->root = root;
        v->storage->view_offset = voff;
    }
    return v;
}

LegacyTorchStream StreamReader::read() {
    PickleResult magic = runPickle(in_, 0, arena_, limits_);
    if (magic.value->kind != Kind::BigInt || magic.value->nbytes != sizeof(kMagic) ||
        std::memcmp(magic.value->bytes, kMagic, sizeof(kMagic)) != 0) {
        fail(0, "expected the torch magic number 0x1950a86a20f9469cfc6c, found " + describe(magic.value));
    }
    PickleResult version = runPickle(in_, magic.end, arena_, limits_);
    if (version.value->kind != Kind::Int || version.value->integer != kProtocolVersion) {
        fail(magic.end, "expected protocol version 1001, found " + describe(version.value));
    }
    PickleResult sys_info = runPickle(in_, version.end, arena_, limits_);
    if (sys_info.value->kind != Kind::Dict) fail(version.end, "expected the sys_info dict, found " + describe(sys_info.value));
    const Value* little = sys_info.value->find("little_endian");
    if (little == nullptr || little->kind != Kind::Bool || !little->boolean) {
        fail(version.end, "only little-endian streams are supported (sys_info little_endian is " + describe(little) + ")");
    }

    PersistentLoad load = [this](const Value* pid, std::size_t off) { return persistentLoad(pid, off); };
    PickleResult object = runPickle(in_, sys_info.end, arena_, limits_, load);

    PickleResult keys = runPickle(in_, object.end, arena_, limits_);
    if (keys.value->kind != Kind::List) fail(object.end, "expected the list of storage keys, found " + describe(keys.value));

    // Raw data follows in key-list order: int64 element count, then the elements.
    std::size_t pos = keys.end;
    std::set<std::string> seen;
    for (const Value* k : keys.value->items) {
        if (k->kind != Kind::Str) fail(pos, "storage key list holds " + describe(k) + ", expected str");
        auto it = roots_.find(k->text);
        if (it == roots_.end()) fail(pos, "storage key " + quoteText(k->text) + " in the key list was never referenced by the pickle");
        if (!seen.insert(k->text).second) fail(pos, "storage key " + quoteText(k->text) + " is listed twice");
        StorageInfo& s = *it->second->storage;
        if (in_.size - pos < 8) {
            fail(pos, "truncated: storage " + quoteText(s.key) + " needs an 8-byte element count, " + std::to_string(in_.size - pos) + " bytes remain");
        }
        std::uint64_t count = 0;
        for (int i = 7; i >= 0; --i) count = (count << 8) | in_.data[pos + static_cast<std::size_t>(i)];
        if (count != static_cast<std::uint64_t>(s.numel)) {
            fail(pos, "storage " + quoteText(s.key) + " holds " + std::to_string(count) + " elements, its persistent id declared " +
                      std::to_string(s.numel));
        }
        pos += 8;
        const std::size_t elem = dtypeSize(s.dtype);
        const std::size_t remain = in_.size - pos;
        if (count > remain / elem) {
            fail(pos, "truncated: storage " + quoteText(s.key) + " declares " + std::to_string(count) + " x " + dtypeName(s.dtype) +
                      " elements but only " + std::to_string(remain) + " bytes remain");
        }
        s.data = in_.data + pos;
        pos += static_cast<std::size_t>(count) * elem;
    }
    for (const auto& [key, root] : roots_) {
        if (root->storage->data == nullptr) {
            fail(pos, "storage " + quoteText(key) + " is referenced by the pickle but has no data (missing from the key list)");
        }
    }
    return LegacyTorchStream{object.value, pos};
}

}  // namespace

const std::uint8_t* storageData(const StorageInfo& s) {
    const StorageInfo& root = s.root ? *s.root->storage : s;
    if (root.data == nullptr) throw PickleError("torch storage " + quoteText(root.key) + " has no data");
    return root.data + static_cast<std::size_t>(s.view_offset) * dtypeSize(s.dtype);
}

LegacyTorchStream parseTorchLegacyStream(const PickleInput& input, ValueArena& arena, const PickleLimits& limits) {
    StreamReader reader(input, arena, limits);
    return reader.read();
}

void checkTorchStorageBytes(const std::uint8_t* data, std::size_t size, const std::string& source) {
    const PickleLimits limits;
    ValueArena arena(limits.budgetFor(size));
    const LegacyTorchStream stream = parseTorchLegacyStream(PickleInput{data, size, 0, source}, arena, limits);
    if (stream.object->kind != Kind::Storage) {
        throw PickleError(source + ": the torch.save stream holds " + describe(stream.object) + ", expected a storage");
    }
    storageData(*stream.object->storage);
}

}  // namespace stylemix::pickle
