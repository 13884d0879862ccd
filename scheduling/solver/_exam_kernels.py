"""Numba kernels of the examination timetabling search (see exam.py).

State: ``period[e]``, ``room[e]``, ``placed[e]`` and per (period, room): students seated
``load``, exams ``cnt``, exclusive exams ``excl``, exams of each duration ``dur`` and distinct
durations ``ndist``. Hard (search's own units): students in conflict (common students of two
exams in one period), students above a room's capacity, exams in a too short period, violated
period constraints, exams sharing a room with an exclusive one. Soft: the competition's.
A move lists exams with their new (period, room); it is applied as "remove all, add all", the cost
change read from the counters, and undone the same way when rejected.
"""

import numpy as np
from numba import njit


def new_state(E, P, R, n_dur):
    return (
        np.zeros(E, np.int8),  # placed
        np.zeros((P, R), np.int64),  # load
        np.zeros((P, R), np.int32),  # cnt
        np.zeros((P, R), np.int32),  # excl
        np.zeros((P, R, n_dur), np.int32),  # dur
        np.zeros((P, R), np.int32),  # ndist
    )


@njit(cache=True, inline="always")
def _viol(kind, p, q):
    if kind == 0:
        return 1 if p != q else 0
    if kind == 1:
        return 1 if p == q else 0
    if kind == 2:
        return 1 if p <= q else 0
    return 1 if p >= q else 0


@njit(cache=True)
def _place(e, p, r, sign, period, room, placed, load, cnt, excl, dur, ndist, size, cap, room_pen, dur_ix, w_mixed,
           adj_ptr, adj_idx, adj_w, pair_cost, ep_pen, ep_hard, pc_ptr, pc_other, pc_kind, exclusive, out):  # fmt: skip
    """Add (sign 1) exam e at (p, r), or remove it (sign -1) from where it is; out += (dhard, dsoft)."""
    dh = 0
    ds = 0
    if sign < 0:
        placed[e] = 0
    for k in range(adj_ptr[e], adj_ptr[e + 1]):
        n = adj_idx[k]
        if placed[n]:
            q = period[n]
            if q == p:
                dh += adj_w[k]
            else:
                ds += adj_w[k] * pair_cost[p, q]
    for k in range(pc_ptr[e], pc_ptr[e + 1]):
        o = pc_other[k]
        if placed[o]:
            dh += _viol(pc_kind[k], p, period[o])
    dh += ep_hard[e, p]
    ds += room_pen[r] + ep_pen[e, p]
    dh *= sign
    ds *= sign
    # The room: overflow, exclusivity, mixed durations (before and after).
    c0 = cnt[p, r]
    h0 = max(0, load[p, r] - cap[r]) + (excl[p, r] * (c0 - 1) if c0 > 0 else 0)
    m0 = w_mixed * (ndist[p, r] - 1) if ndist[p, r] > 0 else 0
    load[p, r] += sign * size[e]
    cnt[p, r] += sign
    excl[p, r] += sign * exclusive[e]
    d = dur_ix[e]
    if sign > 0:
        if dur[p, r, d] == 0:
            ndist[p, r] += 1
        dur[p, r, d] += 1
    else:
        dur[p, r, d] -= 1
        if dur[p, r, d] == 0:
            ndist[p, r] -= 1
    c1 = cnt[p, r]
    h1 = max(0, load[p, r] - cap[r]) + (excl[p, r] * (c1 - 1) if c1 > 0 else 0)
    m1 = w_mixed * (ndist[p, r] - 1) if ndist[p, r] > 0 else 0
    dh += h1 - h0
    ds += m1 - m0
    if sign > 0:
        period[e] = p
        room[e] = r
        placed[e] = 1
    out[0] += dh
    out[1] += ds


@njit(cache=True)
def place_all(period, room, placed, load, cnt, excl, dur, ndist, size, cap, room_pen, dur_ix, w_mixed, adj_ptr,
              adj_idx, adj_w, pair_cost, ep_pen, ep_hard, pc_ptr, pc_other, pc_kind, exclusive):  # fmt: skip
    out = np.zeros(2, np.int64)
    for e in range(period.shape[0]):
        _place(e, period[e], room[e], 1, period, room, placed, load, cnt, excl, dur, ndist, size, cap, room_pen,
               dur_ix, w_mixed, adj_ptr, adj_idx, adj_w, pair_cost, ep_pen, ep_hard, pc_ptr, pc_other, pc_kind,
               exclusive, out)  # fmt: skip
    return out


@njit(cache=True)
def full_cost(period, room, P, R, n_dur, size, cap, room_pen, dur_ix, w_mixed, adj_ptr, adj_idx, adj_w, pair_cost,
              ep_pen, ep_hard, pc_ptr, pc_other, pc_kind, exclusive):  # fmt: skip
    """(hard, soft) in the search's units, from scratch."""
    E = period.shape[0]
    hard = 0
    soft = 0
    load = np.zeros((P, R), np.int64)
    cnt = np.zeros((P, R), np.int64)
    excl = np.zeros((P, R), np.int64)
    dur = np.zeros((P, R, n_dur), np.int64)
    for e in range(E):
        p, r = period[e], room[e]
        for k in range(adj_ptr[e], adj_ptr[e + 1]):
            n = adj_idx[k]
            if n > e:
                if period[n] == p:
                    hard += adj_w[k]
                else:
                    soft += adj_w[k] * pair_cost[p, period[n]]
        for k in range(pc_ptr[e], pc_ptr[e + 1]):
            o = pc_other[k]
            if o > e:
                hard += _viol(pc_kind[k], p, period[o])
        hard += ep_hard[e, p]
        soft += room_pen[r] + ep_pen[e, p]
        load[p, r] += size[e]
        cnt[p, r] += 1
        excl[p, r] += exclusive[e]
        dur[p, r, dur_ix[e]] += 1
    for p in range(P):
        for r in range(R):
            if cnt[p, r] > 0:
                hard += max(0, load[p, r] - cap[r]) + excl[p, r] * (cnt[p, r] - 1)
                nd = 0
                for d in range(n_dur):
                    if dur[p, r, d] > 0:
                        nd += 1
                soft += w_mixed * (nd - 1)
    return hard, soft


@njit(cache=True)
def _kempe(e1, p2, period, group_of, gm_ptr, gm_idx, adj_ptr, adj_idx, room, mark, stamp, mv_e, mv_p, mv_r):
    """The Kempe chain of e1 between its period and p2: e1 (with its coinciding exams) goes to p2,
    the exams of p2 in conflict with it go to e1's period, and so on. Rooms are kept."""
    p1 = period[e1]
    n = 0
    head = 0
    g = group_of[e1]
    for k in range(gm_ptr[g], gm_ptr[g + 1]):
        x = gm_idx[k]
        if mark[x] != stamp:
            mark[x] = stamp
            mv_e[n] = x
            n += 1
    while head < n:
        x = mv_e[head]
        head += 1
        px = period[x]
        other = p2 if px == p1 else p1
        for k in range(adj_ptr[x], adj_ptr[x + 1]):
            y = adj_idx[k]
            if mark[y] != stamp and period[y] == other:
                gy = group_of[y]
                for j in range(gm_ptr[gy], gm_ptr[gy + 1]):
                    z = gm_idx[j]
                    if mark[z] != stamp:
                        mark[z] = stamp
                        mv_e[n] = z
                        n += 1
    for i in range(n):
        x = mv_e[i]
        mv_p[i] = p2 if period[x] == p1 else p1
        mv_r[i] = room[x]
    return n


@njit(cache=True)
def _propose(p_swap, p_room, p_kempe, period, room, group_of, gm_ptr, gm_idx, ap_ptr, ap_idx, ar_ptr, ar_idx, adj_ptr,
             adj_idx, mark, stamp, mv_e, mv_p, mv_r):  # fmt: skip
    """Fill mv_* with a random move's exams and their targets; return how many (0: no move)."""
    E = period.shape[0]
    e1 = np.random.randint(E)
    u = np.random.random()
    if u < p_room:
        na = ar_ptr[e1 + 1] - ar_ptr[e1]
        r2 = ar_idx[ar_ptr[e1] + np.random.randint(na)]
        if r2 == room[e1]:
            return 0
        mv_e[0] = e1
        mv_p[0] = period[e1]
        mv_r[0] = r2
        return 1
    n = 0
    g1 = group_of[e1]
    if u < p_room + p_swap:
        e2 = np.random.randint(E)
        g2 = group_of[e2]
        p1 = period[e1]
        p2 = period[e2]
        if g2 == g1 or p1 == p2:
            return 0
        for k in range(gm_ptr[g1], gm_ptr[g1 + 1]):
            x = gm_idx[k]
            mv_e[n] = x
            mv_p[n] = p2
            mv_r[n] = room[e2] if x == e1 else room[x]
            n += 1
        for k in range(gm_ptr[g2], gm_ptr[g2 + 1]):
            x = gm_idx[k]
            mv_e[n] = x
            mv_p[n] = p1
            mv_r[n] = room[e1] if x == e2 else room[x]
            n += 1
        return n
    np_ = ap_ptr[e1 + 1] - ap_ptr[e1]
    p2 = ap_idx[ap_ptr[e1] + np.random.randint(np_)]
    if u < p_room + p_swap + p_kempe:
        if p2 == period[e1]:
            return 0
        return _kempe(e1, p2, period, group_of, gm_ptr, gm_idx, adj_ptr, adj_idx, room, mark, stamp, mv_e, mv_p, mv_r)
    na = ar_ptr[e1 + 1] - ar_ptr[e1]
    r2 = ar_idx[ar_ptr[e1] + np.random.randint(na)]
    if p2 == period[e1]:
        return 0
    for k in range(gm_ptr[g1], gm_ptr[g1 + 1]):
        x = gm_idx[k]
        mv_e[n] = x
        mv_p[n] = p2
        mv_r[n] = r2 if x == e1 else room[x]
        n += 1
    return n


@njit(cache=True)
def anneal(n_iter, temp0, temp1, hard_w, soft_w, p_swap, p_room, p_kempe, seed_state, period, room, placed, load, cnt,
           excl, dur, ndist, size, cap, room_pen, dur_ix, w_mixed, adj_ptr, adj_idx, adj_w, pair_cost, ep_pen, ep_hard,
           pc_ptr, pc_other, pc_kind, exclusive, group_of, gm_ptr, gm_idx, ap_ptr, ap_idx, ar_ptr, ar_idx, cur, best,
           best_p, best_r):  # fmt: skip
    """``n_iter`` moves cooling geometrically from temp0 to temp1 (see _ctt_kernels.anneal)."""
    np.random.seed(seed_state)
    E = period.shape[0]
    mark = np.zeros(E, np.int64)
    stamp = 0
    mv_e = np.zeros(E, np.int32)
    mv_p = np.zeros(E, np.int32)
    mv_r = np.zeros(E, np.int32)
    old_p = np.zeros(E, np.int32)
    old_r = np.zeros(E, np.int32)
    out = np.zeros(2, np.int64)
    ratio = temp1 / temp0
    temp = temp0
    for it in range(n_iter):
        if it % 1000 == 0:
            temp = temp0 * ratio ** (it / n_iter)
        stamp += 1
        n = _propose(p_swap, p_room, p_kempe, period, room, group_of, gm_ptr, gm_idx, ap_ptr, ap_idx, ar_ptr, ar_idx,
                     adj_ptr, adj_idx, mark, stamp, mv_e, mv_p, mv_r)  # fmt: skip
        if n == 0:
            continue
        out[0] = 0
        out[1] = 0
        for i in range(n):
            x = mv_e[i]
            old_p[i] = period[x]
            old_r[i] = room[x]
            _place(x, period[x], room[x], -1, period, room, placed, load, cnt, excl, dur, ndist, size, cap, room_pen,
                   dur_ix, w_mixed, adj_ptr, adj_idx, adj_w, pair_cost, ep_pen, ep_hard, pc_ptr, pc_other, pc_kind,
                   exclusive, out)  # fmt: skip
        for i in range(n):
            _place(mv_e[i], mv_p[i], mv_r[i], 1, period, room, placed, load, cnt, excl, dur, ndist, size, cap,
                   room_pen, dur_ix, w_mixed, adj_ptr, adj_idx, adj_w, pair_cost, ep_pen, ep_hard, pc_ptr, pc_other,
                   pc_kind, exclusive, out)  # fmt: skip
        delta = hard_w * out[0] + soft_w * out[1]
        if delta <= 0 or np.random.random() < np.exp(-delta / temp):
            cur[0] += out[0]
            cur[1] += out[1]
            if cur[0] < best[0] or (cur[0] == best[0] and cur[1] < best[1]):
                best[0] = cur[0]
                best[1] = cur[1]
                best_p[:] = period
                best_r[:] = room
            if soft_w == 0 and cur[0] == 0:
                return it + 1
        else:
            for i in range(n):
                x = mv_e[i]
                _place(x, period[x], room[x], -1, period, room, placed, load, cnt, excl, dur, ndist, size, cap,
                       room_pen, dur_ix, w_mixed, adj_ptr, adj_idx, adj_w, pair_cost, ep_pen, ep_hard, pc_ptr,
                       pc_other, pc_kind, exclusive, out)  # fmt: skip
            for i in range(n):
                _place(mv_e[i], old_p[i], old_r[i], 1, period, room, placed, load, cnt, excl, dur, ndist, size, cap,
                       room_pen, dur_ix, w_mixed, adj_ptr, adj_idx, adj_w, pair_cost, ep_pen, ep_hard, pc_ptr,
                       pc_other, pc_kind, exclusive, out)  # fmt: skip
    return n_iter


@njit(cache=True)
def sample_deltas(n_iter, seed_state, p_swap, p_room, p_kempe, period, room, placed, load, cnt, excl, dur, ndist, size,
                  cap, room_pen, dur_ix, w_mixed, adj_ptr, adj_idx, adj_w, pair_cost, ep_pen, ep_hard, pc_ptr, pc_other,
                  pc_kind, exclusive, group_of, gm_ptr, gm_idx, ap_ptr, ap_idx, ar_ptr, ar_idx):  # fmt: skip
    """Soft cost change of ``n_iter`` random moves that add no hard violation (state unchanged)."""
    np.random.seed(seed_state)
    E = period.shape[0]
    mark = np.zeros(E, np.int64)
    stamp = 0
    mv_e = np.zeros(E, np.int32)
    mv_p = np.zeros(E, np.int32)
    mv_r = np.zeros(E, np.int32)
    old_p = np.zeros(E, np.int32)
    old_r = np.zeros(E, np.int32)
    res = np.zeros(n_iter, np.int64)
    out = np.zeros(2, np.int64)
    m = 0
    for _ in range(n_iter * 20):
        if m == n_iter:
            break
        stamp += 1
        n = _propose(p_swap, p_room, p_kempe, period, room, group_of, gm_ptr, gm_idx, ap_ptr, ap_idx, ar_ptr, ar_idx,
                     adj_ptr, adj_idx, mark, stamp, mv_e, mv_p, mv_r)  # fmt: skip
        if n == 0:
            continue
        out[0] = 0
        out[1] = 0
        for i in range(n):
            x = mv_e[i]
            old_p[i] = period[x]
            old_r[i] = room[x]
            _place(x, period[x], room[x], -1, period, room, placed, load, cnt, excl, dur, ndist, size, cap, room_pen,
                   dur_ix, w_mixed, adj_ptr, adj_idx, adj_w, pair_cost, ep_pen, ep_hard, pc_ptr, pc_other, pc_kind,
                   exclusive, out)  # fmt: skip
        for i in range(n):
            _place(mv_e[i], mv_p[i], mv_r[i], 1, period, room, placed, load, cnt, excl, dur, ndist, size, cap,
                   room_pen, dur_ix, w_mixed, adj_ptr, adj_idx, adj_w, pair_cost, ep_pen, ep_hard, pc_ptr, pc_other,
                   pc_kind, exclusive, out)  # fmt: skip
        if out[0] <= 0:
            res[m] = out[1]
            m += 1
        for i in range(n):
            x = mv_e[i]
            _place(x, period[x], room[x], -1, period, room, placed, load, cnt, excl, dur, ndist, size, cap, room_pen,
                   dur_ix, w_mixed, adj_ptr, adj_idx, adj_w, pair_cost, ep_pen, ep_hard, pc_ptr, pc_other, pc_kind,
                   exclusive, out)  # fmt: skip
        for i in range(n):
            _place(mv_e[i], old_p[i], old_r[i], 1, period, room, placed, load, cnt, excl, dur, ndist, size, cap,
                   room_pen, dur_ix, w_mixed, adj_ptr, adj_idx, adj_w, pair_cost, ep_pen, ep_hard, pc_ptr, pc_other,
                   pc_kind, exclusive, out)  # fmt: skip
    return res[:m]


@njit(cache=True)
def greedy(order, period, room, placed, load, cnt, excl, dur, ndist, size, cap, room_pen, dur_ix, w_mixed, adj_ptr,
           adj_idx, adj_w, pair_cost, ep_pen, ep_hard, pc_ptr, pc_other, pc_kind, exclusive, gm_ptr, gm_idx, ap_ptr,
           ap_idx, hard_w):  # fmt: skip
    """Place the groups of coinciding exams in ``order``, each in the period (and rooms, best fit)
    that adds the least cost, hard violations weighed ``hard_w``. The state starts empty."""
    out = np.zeros(2, np.int64)
    R = cap.shape[0]
    for gi in range(order.shape[0]):
        g = order[gi]
        e0 = gm_idx[gm_ptr[g]]
        best_cost = np.inf
        best_p = -1
        for k in range(ap_ptr[e0], ap_ptr[e0 + 1]):
            p = ap_idx[k]
            out[0] = 0
            out[1] = 0
            for j in range(gm_ptr[g], gm_ptr[g + 1]):
                x = gm_idx[j]
                r = _fit(x, p, R, load, cnt, excl, size, cap, exclusive)
                _place(x, p, r, 1, period, room, placed, load, cnt, excl, dur, ndist, size, cap, room_pen, dur_ix,
                       w_mixed, adj_ptr, adj_idx, adj_w, pair_cost, ep_pen, ep_hard, pc_ptr, pc_other, pc_kind,
                       exclusive, out)  # fmt: skip
            c = hard_w * out[0] + out[1]
            for j in range(gm_ptr[g], gm_ptr[g + 1]):
                x = gm_idx[j]
                _place(x, p, room[x], -1, period, room, placed, load, cnt, excl, dur, ndist, size, cap, room_pen,
                       dur_ix, w_mixed, adj_ptr, adj_idx, adj_w, pair_cost, ep_pen, ep_hard, pc_ptr, pc_other, pc_kind,
                       exclusive, out)  # fmt: skip
            if c < best_cost:
                best_cost = c
                best_p = p
        for j in range(gm_ptr[g], gm_ptr[g + 1]):
            x = gm_idx[j]
            r = _fit(x, best_p, R, load, cnt, excl, size, cap, exclusive)
            _place(x, best_p, r, 1, period, room, placed, load, cnt, excl, dur, ndist, size, cap, room_pen, dur_ix,
                   w_mixed, adj_ptr, adj_idx, adj_w, pair_cost, ep_pen, ep_hard, pc_ptr, pc_other, pc_kind, exclusive,
                   out)  # fmt: skip


@njit(cache=True)
def _fit(x, p, R, load, cnt, excl, size, cap, exclusive):
    """The room of period p where exam x fits with the least room to spare (exclusivity respected),
    or else the one with the most seats free."""
    best = -1
    spare = 1 << 60
    most = -1
    most_free = -(1 << 60)
    for r in range(R):
        free = cap[r] - load[p, r]
        if free > most_free:
            most_free = free
            most = r
        fits = free >= size[x] and excl[p, r] == 0 and (exclusive[x] == 0 or cnt[p, r] == 0)
        if fits and free - size[x] < spare:
            spare = free - size[x]
            best = r
    return best if best >= 0 else most
