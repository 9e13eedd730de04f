-- AlterTable
ALTER TABLE "appearance" ADD COLUMN     "carried_from_id" UUID;

-- AddForeignKey
ALTER TABLE "appearance" ADD CONSTRAINT "appearance_carried_from_id_fkey" FOREIGN KEY ("carried_from_id") REFERENCES "source"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
