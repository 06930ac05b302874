import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";

import { ActionForm } from "@/components/action-form";
import { requireAdmin } from "@/lib/auth/guards";
import { listRooms } from "@/lib/sessions/queries";
import { getUser } from "@/lib/users/manage";

import { assignRoomsAction, changeRoleAction, renewInvitationAction, setActiveAction } from "../actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "User" };

export default async function UserPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const viewer = await requireAdmin(`/admin/users/${encodeURIComponent(id)}`);
  const user = await getUser(viewer, id);
  if (!user) notFound();
  const rooms = await listRooms(viewer);
  const assigned = new Set(user.roomIds);

  return (
    <>
      <p className="muted">
        <Link href="/admin/users">← Users</Link>
      </p>
      <h1>{user.name}</h1>
      <p className="muted">
        {user.email} · {user.role} · {!user.active ? "deactivated" : user.hasPassword ? "active" : "invited, no password yet"}
      </p>

      <h2>Role</h2>
      <ActionForm action={changeRoleAction} className="filters" label="Change role">
        <input type="hidden" name="userId" value={user.id} />
        <label>
          Role
          <select name="role" defaultValue={user.role}>
            <option value="teacher">Teacher</option>
            <option value="admin">Admin</option>
          </select>
        </label>
        <button type="submit">Save role</button>
      </ActionForm>

      <h2>Rooms</h2>
      {user.role === "admin" ? (
        <p>Admins see every room.</p>
      ) : rooms.length === 0 ? (
        <p>No rooms yet. Rooms appear when 100ms sends their first webhook event.</p>
      ) : (
        <ActionForm action={assignRoomsAction} className="stacked" label="Assign rooms">
          <input type="hidden" name="userId" value={user.id} />
          <fieldset>
            <legend>Rooms this teacher sees</legend>
            {rooms.map((room) => (
              <label key={room.id} className="checkbox">
                <input type="checkbox" name="roomId" value={room.id} defaultChecked={assigned.has(room.id)} /> {room.name}
              </label>
            ))}
          </fieldset>
          <button type="submit">Save rooms</button>
        </ActionForm>
      )}

      <h2>Access</h2>
      <ActionForm action={setActiveAction} className="filters" label={user.active ? "Deactivate user" : "Reactivate user"}>
        <input type="hidden" name="userId" value={user.id} />
        <input type="hidden" name="active" value={user.active ? "false" : "true"} />
        <button type="submit">{user.active ? "Deactivate" : "Reactivate"}</button>
        <span className="muted">
          {user.active ? "A deactivated user cannot sign in, and their open sessions stop working." : "They can sign in again with their password."}
        </span>
      </ActionForm>
      {!user.hasPassword && (
        <ActionForm action={renewInvitationAction} className="filters" label="New invitation link">
          <input type="hidden" name="userId" value={user.id} />
          <button type="submit">New invitation link</button>
        </ActionForm>
      )}
    </>
  );
}
