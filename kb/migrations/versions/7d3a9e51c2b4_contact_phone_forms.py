"""contact phone forms: the display form and tel: link kept with the number

Revision ID: 7d3a9e51c2b4
Revises: f2e2c7ceaa10
Create Date: 2026-11-23 03:30:00.000000

"""
from alembic import op
import sqlalchemy as sa

from kb.core.phones import phone_forms


# revision identifiers, used by Alembic.
revision = '7d3a9e51c2b4'
down_revision = 'f2e2c7ceaa10'
branch_labels = None
depends_on = None

BATCH = 1000


def upgrade():
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.add_column(sa.Column('phone_display', sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column('phone_uri', sa.String(length=100), nullable=True))
    # Fill them for the contacts there are, as the model fills them from now on.
    connection = op.get_bind()
    contact = sa.table('contact', sa.column('id', sa.String), sa.column('phone', sa.String),
                       sa.column('phone_display', sa.String), sa.column('phone_uri', sa.String))
    rows = connection.execute(
        sa.select(contact.c.id, contact.c.phone).where(contact.c.phone.is_not(None))).all()
    update = (sa.update(contact).where(contact.c.id == sa.bindparam('key'))
              .values(phone_display=sa.bindparam('display'), phone_uri=sa.bindparam('uri')))
    for start in range(0, len(rows), BATCH):
        batch = []
        for key, phone in rows[start:start + BATCH]:
            display, uri = phone_forms(phone)
            batch.append({'key': key, 'display': display, 'uri': uri})
        connection.execute(update, batch)


def downgrade():
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.drop_column('phone_uri')
        batch_op.drop_column('phone_display')
