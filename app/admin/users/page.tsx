import type { Metadata } from "next";
import Link from "next/link";

import { ActionForm } from "@/components/action-form";
import { requireAdmin } from "@/lib/auth/guards";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/password";
import { listRooms } from "@/lib/sessions/queries";
import { listUsers } from "@/lib/users/manage";

import { createUserAction, inviteUserAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Users" };

/** Name, email and role inputs shared by the create and invite forms. */
function UserFields() {
  return (
    <>
      <label>
        Name
        <input name="name" required maxLength={200} />
      </label>
      <label>
        Email
        <input name="email" type="email" required />
      </label>
      <RoleSelect />
    </>
  );
}

function RoleSelect() {
  return (
    <label>
      Role
      <select name="role" defaultValue="teacher">
        <option value="teacher">Teacher</option>
        <option value="admin">Admin</option>
      </select>
    </label>
  );
}

export default async function UsersPage() {
  const viewer = await requireAdmin("/admin/users");
  const [users, rooms] = await Promise.all([listUsers(viewer), listRooms(viewer)]);
  const roomNames = new Map(rooms.map((room) => [room.id, room.name]));

  return (
    <>
      <h1>Users</h1>
      <p className="muted">Admins see every room and manage users. Teachers see only the rooms assigned to them.</p>

      <div className="table-scroll">
        <table data-testid="users-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Email</th>
              <th>Role</th>
              <th>Status</th>
              <th>Rooms</th>
            </tr>
          </thead>
          <tbody>
            {users.map((user) => (
              <tr key={user.id}>
                <td>
                  <Link href={`/admin/users/${user.id}`}>{user.name}</Link>
                </td>
                <td>{user.email}</td>
                <td>{user.role}</td>
                <td>{!user.active ? "deactivated" : user.hasPassword ? "active" : "invited"}</td>
                <td>{user.role === "admin" ? "all" : user.roomIds.map((id) => roomNames.get(id) ?? id).join(", ") || "none"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2>Create a user</h2>
      <p className="muted">You choose the password and give it to them.</p>
      <ActionForm action={createUserAction} className="filters" label="Create user">
        <UserFields />
        <label>
          Password
          <input name="password" type="password" required minLength={MIN_PASSWORD_LENGTH} autoComplete="new-password" />
        </label>
        <button type="submit">Create</button>
      </ActionForm>

      <h2>Invite a user</h2>
      <p className="muted">Rollcall makes a one-time link with which they choose their own password.</p>
      <ActionForm action={inviteUserAction} className="filters" label="Invite user">
        <UserFields />
        <button type="submit">Invite</button>
      </ActionForm>
    </>
  );
}
