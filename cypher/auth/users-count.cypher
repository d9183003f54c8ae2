MATCH (u:_User)
RETURN count(u) AS users,
       count(CASE WHEN u.role = 'admin' AND NOT coalesce(u.disabled, false) THEN 1 END) AS activeAdmins
